"""The OpenAPI 3.0 document of ``/api/v1/``, built from the same constants the API uses."""

from __future__ import annotations

from typing import Any

from assessment.core.questionnaire_library import library
from questionnaires import bundled_languages
from scoring.benchmark import GROUP_FIELDS

Json = dict[str, Any]

VERSION = "1.0.0"
FILTER_VALUE = {"type": "string", "maxLength": 64, "pattern": "^[^\\u0000-\\u001f\\u007f]*$"}
FIELD_LIST = "|".join(GROUP_FIELDS)


def _ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


def _errors(*codes: int) -> Json:
    texts = {
        400: "The query cannot be answered (problem details say why).",
        401: "No valid API token was sent.",
        403: "This token may not read this: benchmark tables are for analysts, and for"
        " national coordinators filtering on their own country.",
        404: "No such resource, or not one this token may see.",
        405: "Only GET is allowed.",
        429: "Too many requests: wait and try again.",
    }
    return {
        str(code): {
            "description": texts[code],
            "content": {"application/problem+json": {"schema": _ref("Problem")}},
        }
        for code in (*codes, 401, 405, 429)
    }


def _ok(description: str, schema: Json) -> Json:
    return {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}}
    }


def _lang() -> Json:
    return {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "Language of notes and labels.",
        "schema": {
            "type": "string",
            "enum": [*bundled_languages()],
            "default": bundled_languages()[0],
        },
    }


def _slug() -> Json:
    return {
        "name": "slug",
        "in": "path",
        "required": True,
        "description": "The organisation's short name in URLs.",
        "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,79}$"},
    }


def _benchmark_parameters() -> list[Json]:
    ids = list(library().ids())
    parameters: list[Json] = [
        {
            "name": "questionnaire_id",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "enum": ids},
        },
        {
            "name": "group_by",
            "in": "query",
            "required": False,
            "description": "Up to two fields to break the table down by, comma-separated."
            " Breakdowns and filters together may use at most two fields, and a field"
            " cannot be both (400 otherwise).",
            "schema": {"type": "string", "pattern": f"^({FIELD_LIST})(,({FIELD_LIST}))?$"},
        },
    ]
    for name in GROUP_FIELDS:
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": f"Keep only this value of {name} (counts as one of the two fields).",
                "schema": FILTER_VALUE,
            }
        )
    parameters.append(_lang())
    return parameters


def _schemas() -> Json:
    nullable_number = {"type": "number", "nullable": True}
    measure = {
        "type": "object",
        "nullable": True,
        "required": ["suppressed"],
        "properties": {
            "suppressed": {"type": "boolean"},
            "reason": {"type": "string"},
            "note": {"type": "string"},
            "organisations": {"type": "integer", "nullable": True},
            "mean": nullable_number,
            "median": nullable_number,
            "p25": nullable_number,
            "p75": nullable_number,
            "level_shares": {
                "type": "object",
                "nullable": True,
                "description": "Per level 1-5, the percentage of the organisations with a"
                " level, rounded to the share base (5 points): never a count.",
                "additionalProperties": {"type": "number"},
            },
            "distribution_reason": {"type": "string", "nullable": True},
            "distribution_note": {"type": "string", "nullable": True},
        },
    }
    return {
        "Problem": {
            "type": "object",
            "required": ["type", "title", "status"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
            },
        },
        "Measure": measure,
        "BenchmarkCell": {
            "type": "object",
            "required": ["group", "kind", "n_organisations", "suppressed"],
            "properties": {
                "group": {
                    "type": "object",
                    "additionalProperties": {"type": "string", "nullable": True},
                },
                "kind": {"type": "string", "enum": ["cell", "margin", "total"]},
                "n_organisations": {"type": "integer", "nullable": True},
                "suppressed": {"type": "boolean"},
                "reason": {"type": "string"},
                "note": {"type": "string"},
                "n_countries": {"type": "integer"},
                "overall": _ref("Measure"),
                "dimensions": {"type": "object", "additionalProperties": _ref("Measure")},
            },
        },
        "BenchmarkTable": {
            "type": "object",
            "required": ["method", "cells"],
            "properties": {
                "method": {
                    "type": "object",
                    "required": [
                        "questionnaire",
                        "questionnaire_versions",
                        "rules",
                        "cells",
                        "suppressed_cells",
                        "generated_at",
                    ],
                    "properties": {
                        "questionnaire": {"type": "string"},
                        "questionnaire_versions": {"type": "array", "items": {"type": "string"}},
                        "periods": {"type": "array", "items": {"type": "string"}},
                        "group_by": {"type": "array", "items": {"type": "string"}},
                        "filters": {"type": "object", "additionalProperties": {"type": "string"}},
                        "rules": {"type": "object"},
                        "cells": {"type": "integer"},
                        "suppressed_cells": {"type": "integer"},
                        "complementary_cells": {"type": "integer"},
                        "organisations": {"type": "integer", "nullable": True},
                        "published": {"type": "boolean"},
                        "publication_text": {"type": "string"},
                        "generated_at": {
                            "type": "string",
                            "description": "When the figures were published (the refresh).",
                        },
                    },
                },
                "cells": {"type": "array", "items": _ref("BenchmarkCell")},
            },
        },  # fmt: skip
        "Me": {
            "type": "object",
            "required": ["email", "roles", "token"],
            "properties": {
                "name": {"type": "string"},
                "email": {"type": "string"},
                "roles": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["role"],
                        "properties": {
                            "role": {"type": "string"},
                            "organisation": {"type": "string", "nullable": True},
                            "country": {"type": "string", "nullable": True},
                        },
                    },
                },
                "token": {"type": "object"},
                "scopes": {
                    "type": "array",
                    "description": "What the token may read now: benchmarks (every country),"
                    " benchmarks:country:XX (one country), organisation:slug (one"
                    " organisation's results and positions; * for every one).",
                    "items": {"type": "string"},
                },
            },
        },
        "Questionnaires": {
            "type": "object",
            "required": ["questionnaires"],
            "properties": {
                "questionnaires": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "version", "versions", "dimensions"],
                        "properties": {
                            "id": {"type": "string"},
                            "version": {"type": "string"},
                            "versions": {"type": "array", "items": {"type": "string"}},
                            "title": {"type": "object"},
                            "dimensions": {"type": "array", "items": {"type": "object"}},
                        },
                    },
                }
            },
        },
        "OrganisationResults": {
            "type": "object",
            "required": ["organisation", "rounds"],
            "properties": {
                "organisation": {"type": "object"},
                "rounds": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "title", "consent", "results"],
                        "properties": {
                            "id": {"type": "integer"},
                            "title": {"type": "string"},
                            "consent": {
                                "type": "string",
                                "enum": ["private", "anonymous", "named"],
                            },
                            "results": {"type": "array", "items": {"type": "object"}},
                        },
                    },
                },
            },
        },  # fmt: skip
        "PeerData": {
            "type": "object",
            "required": ["placement"],
            "description": "Per questionnaire id, per dimension id: median, p25, p75 and n"
            " of peers on the same questionnaire version (only when disclosure control"
            " allows); and under placement, per questionnaire, the overall score's median,"
            " p25, p75 and n on that version (band, or band_withheld with its reason), the"
            " band (quintile) of the round in each peer"
            " group with the bands its interval touches and a rounded peer count. Only the"
            " organisation's latest closed round whose consent allows benchmarks is"
            " placed, from the published snapshot; any other round is withheld with its"
            " reason.",
            "properties": {"placement": {"type": "object"}},
            "additionalProperties": {"type": "object"},
        },
    }


def document() -> Json:
    """The OpenAPI document (needs an app context, for the questionnaire ids)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Innovation maturity benchmarks API",
            "version": VERSION,
            "description": "Disclosure-controlled benchmark tables and an organisation's own"
            " results. Authenticate with a personal token: Authorization: Bearer <token>"
            " (create one under Your account > API tokens). Every figure of a benchmark"
            " table has passed disclosure control; a withheld figure carries only its"
            " reason. Errors are problem details (RFC 9457).",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/me": {
                "get": {
                    "summary": "The token's user and roles",
                    "operationId": "me",
                    "responses": {**_ok("The user.", _ref("Me")), **_errors()},
                }
            },
            "/questionnaires": {
                "get": {
                    "summary": "Questionnaires, versions and dimensions",
                    "operationId": "questionnaires",
                    "responses": {**_ok("The list.", _ref("Questionnaires")), **_errors()},
                }
            },
            "/benchmarks/{questionnaire_id}": {
                "get": {
                    "summary": "A disclosure-controlled benchmark table",
                    "description": "Cut from the latest published snapshot. Analysts' tokens"
                    " read every table; a national coordinator's token only tables filtered"
                    " on their own country (country=XX); other tokens get 403.",
                    "operationId": "benchmark",
                    "parameters": _benchmark_parameters(),
                    "responses": {
                        **_ok("The table.", _ref("BenchmarkTable")),
                        **_errors(400, 403, 404),
                    },
                }
            },
            "/organisations/{slug}/results": {
                "get": {
                    "summary": "An organisation's own results (its coordinators only)",
                    "operationId": "organisationResults",
                    "parameters": [_slug()],
                    "responses": {
                        **_ok("Rounds and scores.", _ref("OrganisationResults")),
                        **_errors(404),
                    },
                }
            },
            "/organisations/{slug}/rounds/{round_id}/peers": {
                "get": {
                    "summary": "Where a round's results stand among peers",
                    "operationId": "roundPeers",
                    "parameters": [
                        _slug(),
                        {
                            "name": "round_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1},
                        },
                        _lang(),
                    ],  # fmt: skip
                    "responses": {**_ok("Peer figures.", _ref("PeerData")), **_errors(400, 404)},
                }
            },
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": _schemas(),
        },
    }
