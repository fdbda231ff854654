"""Property-based API test: schemathesis generates requests from the app's OpenAPI schema.

Runs in process (ASGI) against the real NetworkxQueries over the literal graph, writing endpoints
included (they answer 403 without a configured key). The bar: no 5xx, and every 2xx/4xx answer
matches the schema's documented response models.
"""
from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from test_api_support import literal_queries

from graphsvc.app import create_app
from graphsvc.settings import Settings

APP = create_app(Settings(data_dir=Path("/nonexistent/cpgraph-schemathesis")), literal_queries())
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
