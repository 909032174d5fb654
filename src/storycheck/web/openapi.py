"""The OpenAPI 3.1 description of the JSON API (served at /api/openapi.json).

The story report's full schema is documented in docs/schema.md (``storycheck/1``,
the same as ``storycheck show --json``); here it is described at the top level.
"""
from __future__ import annotations

import functools
from importlib.metadata import version

_ERROR = {"description": "error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


@functools.lru_cache(maxsize=1)
def openapi_spec() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "storycheck", "version": version("storycheck"),
                 "description": "Stories, their verified and cited reports, and their "
                                "documents. Report schema: storycheck/1 (docs/schema.md)."},
        "paths": {
            "/api/stories": {"get": {
                "summary": "Stories, newest first; search by words, \"quoted names\"",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"},
                     "description": "words and \"quoted phrases\" (people, outlets, places) "
                                    "that must all appear"},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
                "responses": {"200": _json("StoryList", "one page of stories")}}},
            "/api/stories/{story}": {"get": {
                "summary": "The story's report, as `storycheck show --json` writes it",
                "parameters": [{"name": "story", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": _json("StoryReport", "the report"), "404": _ERROR}}},
            "/api/documents/{document}": {"get": {
                "summary": "One cleaned document with its removed lines and dates",
                "parameters": [{"name": "document", "in": "path", "required": True,
                                "schema": {"type": "string"},
                                "description": "document id, URL-encoded ('/' may stay)"}],
                "responses": {"200": _json("Document", "the document"), "404": _ERROR}}},
            "/api/documents": {"post": {
                "summary": "Add articles: files and/or pasted text, ingested and grouped "
                           "into stories as `storycheck ingest` does",
                "requestBody": {"required": True, "content": {"multipart/form-data": {
                    "schema": {"type": "object", "properties": {
                        "files": {"type": "array", "items": {"type": "string",
                                                             "format": "binary"}},
                        "text": {"type": "string"}, "title": {"type": "string"},
                        "outlet": {"type": "string"}, "published": {"type": "string"},
                        "url": {"type": "string"}}}}}},
                "responses": {"201": _json("AddResult", "documents were added"),
                              "200": _json("AddResult", "nothing new (all already stored)"),
                              "400": _ERROR, "413": _ERROR}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "code": {"type": "string"}, "message": {"type": "string"},
                "hint": {"type": ["string", "null"]}}}}},
            "StorySummary": {"type": "object", "properties": {
                "id": {"type": "string"}, "title": {"type": "string"},
                "documents": {"type": "array", "items": {"type": "string"}},
                "sources": {"type": "integer", "description": "independent sources"},
                "first_published": {"type": ["string", "null"]},
                "last_published": {"type": ["string", "null"]},
                "url": {"type": "string"},
                "claims": {"type": ["object", "null"], "description":
                           "claims by status (corroborated, disputed, single-source); "
                           "null until the story has been analysed",
                           "additionalProperties": {"type": "integer"}},
                "people": {"type": "array", "items": {"type": "string"}},
                "outlets": {"type": "array", "items": {"type": "string"}}}},
            "StoryList": {"type": "object", "properties": {
                "query": {"type": "string"}, "page": {"type": "integer"},
                "pages": {"type": "integer"}, "total": {"type": "integer"},
                "stories": {"type": "array",
                            "items": {"$ref": "#/components/schemas/StorySummary"}}}},
            "StoryReport": {"type": "object", "description": "schema storycheck/1 plus "
                            "`changes` since the story was last shown by the CLI",
                            "required": ["schema", "documents", "skipped", "stories"],
                            "properties": {
                                "schema": {"const": "storycheck/1"},
                                "documents": {"type": "array",
                                              "items": {"$ref": "#/components/schemas/Document"}},
                                "skipped": {"type": "array", "items": {"type": "object"}},
                                "stories": {"type": "array", "items": {"type": "object"}},
                                "changes": {"type": "object"}}},
            "Document": {"type": "object", "properties": {
                "id": {"type": "string"}, "source": {"type": "string"},
                "title": {"type": ["string", "null"]}, "outlet": {"type": ["string", "null"]},
                "published": {"type": ["string", "null"]}, "author": {"type": ["string", "null"]},
                "url": {"type": ["string", "null"]}, "text": {"type": "string"},
                "truncated": {"type": "boolean"},
                "removed": {"type": "array", "items": {"type": "object", "properties": {
                    "text": {"type": "string"}, "reason": {"type": "string"}}}},
                "summary": {"type": "array", "items": {"type": "object"}},
                "dates": {"type": "array", "items": {"type": "object"}},
                "claims": {"type": "integer"},
                "story": {"type": "string", "description": "the story it belongs to "
                                                           "(in this API only)"}}},
            "AddResult": {"type": "object", "properties": {
                "added": {"type": "integer"}, "revised": {"type": "integer"},
                "unchanged": {"type": "integer"}, "copies": {"type": "integer"},
                "skipped": {"type": "array", "items": {"type": "object"}},
                "stories": {"type": "array", "items": {"allOf": [
                    {"$ref": "#/components/schemas/StorySummary"},
                    {"type": "object", "properties": {"new_documents": {
                        "type": "array", "items": {"type": "string"}}}}]}}}},
        }},
    }
