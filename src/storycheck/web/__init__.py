"""storycheck's web app: story list, story pages, document view, add articles, JSON API.

``create_app(store, settings)`` builds the Starlette app; ``serve`` runs it with
uvicorn (``storycheck serve``).
"""
from .app import create_app, serve
from .service import StoryService, WebSettings

__all__ = ["create_app", "serve", "StoryService", "WebSettings"]
