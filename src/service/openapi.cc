// The OpenAPI document, generated once from a description of the routes and kept here as the
// source (edit it here). api_test checks that it is valid JSON, that every route the Api serves
// is in it, that it documents nothing else, and that every $ref resolves.
#include "service/openapi.h"

namespace cordon::service {

namespace {

// clang-format off
constexpr std::string_view kDocument = R"json({
 "openapi": "3.0.3",
 "info": {
  "title": "cordon screening API",
  "version": "1.0.0",
  "description": "Sanctions and terrorist-list screening of names, payment and travel messages. docs/service.md has worked examples of every endpoint."
 },
 "servers": [
  {
   "url": "http://127.0.0.1:8080"
  }
 ],
 "tags": [
  {
   "name": "Screening"
  },
  {
   "name": "yente"
  },
  {
   "name": "Data"
  },
  {
   "name": "Admin"
  },
  {
   "name": "System"
  }
 ],
 "paths": {
  "/v1/screen": {
   "post": {
    "summary": "Screen one party",
    "description": "Screens one party against every loaded list. Hits at or above the threshold, best first, each with its explanation.",
    "tags": [
     "Screening"
    ],
    "operationId": "screen",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ScreenResponse"
        }
       }
      },
      "description": "Hits (empty when nothing matches)"
     },
     "400": {
      "description": "Malformed JSON, invalid UTF-8, a wrong type or a missing or invalid field; `field` names it",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "Body larger than the configured limit",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Missing or invalid API key (header WWW-Authenticate: Bearer realm=\"cordon\")",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "The key lacks the role the endpoint needs",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearerAuth": []
     },
     {
      "apiKeyHeader": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ScreenQuery"
       },
       "example": {
        "id": "c-1",
        "name": "Hamza Usama Muhammad bin Laden",
        "schema": "Person",
        "birth_date": "1989-05-09"
       }
      }
     }
    },
    "parameters": [
     {
      "name": "threshold",
      "in": "query",
      "required": false,
      "description": "Smallest score of a hit, in (0, 1] (default: the server's threshold, 0.80)",
      "schema": {
       "type": "number",
       "minimum": 0,
       "exclusiveMinimum": true,
       "maximum": 1
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "Most hits per party, best first (default: the server's limit, 10)",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000
      }
     }
    ]
   }
  },
  "/v1/screen/batch": {
   "post": {
    "summary": "Screen many parties",
    "description": "Screens up to the configured number of parties; results in input order. A bad party fails the request with a 400 whose field names it (queries[i].field).",
    "tags": [
     "Screening"
    ],
    "operationId": "screenBatch",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/BatchResponse"
        }
       }
      },
      "description": "One result per party"
     },
     "400": {
      "description": "Malformed JSON, invalid UTF-8, a wrong type or a missing or invalid field; `field` names it",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "Body larger than the configured limit",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "More parties than the configured limit",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Missing or invalid API key (header WWW-Authenticate: Bearer realm=\"cordon\")",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "The key lacks the role the endpoint needs",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearerAuth": []
     },
     {
      "apiKeyHeader": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/BatchRequest"
       }
      }
     }
    },
    "parameters": [
     {
      "name": "threshold",
      "in": "query",
      "required": false,
      "description": "Smallest score of a hit, in (0, 1] (default: the server's threshold, 0.80)",
      "schema": {
       "type": "number",
       "minimum": 0,
       "exclusiveMinimum": true,
       "maximum": 1
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "Most hits per party, best first (default: the server's limit, 10)",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000
      }
     }
    ]
   }
  },
  "/v1/compare": {
   "post": {
    "summary": "Compare two names",
    "description": "Scores two names against each other (no lists involved).",
    "tags": [
     "Screening"
    ],
    "operationId": "compare",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CompareResponse"
        }
       }
      },
      "description": "Score and explanation"
     },
     "400": {
      "description": "Malformed JSON, invalid UTF-8, a wrong type or a missing or invalid field; `field` names it",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "Body larger than the configured limit",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Missing or invalid API key (header WWW-Authenticate: Bearer realm=\"cordon\")",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "The key lacks the role the endpoint needs",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearerAuth": []
     },
     {
      "apiKeyHeader": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/CompareRequest"
       },
       "example": {
        "name1": "Usama bin Laden",
        "name2": "Osama bin Ladin",
        "schema": "Person"
       }
      }
     }
    }
   }
  },
  "/v1/messages": {
   "post": {
    "summary": "Screen payment and travel messages",
    "description": "The raw message file as the body: ISO 20022 pacs.008/pacs.009/pain.001 XML, SWIFT MT103/MT202/MT202 COV/MT101 (one or many), UN/EDIFACT PAXLST or PNRGOV. The format is detected from the content unless given.",
    "tags": [
     "Screening"
    ],
    "operationId": "screenMessages",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/MessagesResponse"
        }
       }
      },
      "description": "pass or hold per message"
     },
     "400": {
      "description": "Not one of the formats, not valid UTF-8, or an unknown format parameter",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "Body larger than the configured limit",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Missing or invalid API key (header WWW-Authenticate: Bearer realm=\"cordon\")",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "The key lacks the role the endpoint needs",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearerAuth": []
     },
     {
      "apiKeyHeader": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/xml": {
       "schema": {
        "type": "string"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      },
      "application/octet-stream": {
       "schema": {
        "type": "string",
        "format": "binary"
       }
      }
     }
    },
    "parameters": [
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "auto",
        "iso20022",
        "swift-mt",
        "paxlst",
        "pnrgov"
       ]
      }
     }
    ]
   }
  },
  "/match/{dataset}": {
   "post": {
    "summary": "yente match API",
    "description": "OpenSanctions yente's query-by-example matcher, same request and response shape. Errors carry yente's `detail` next to cordon's `error`.",
    "tags": [
     "yente"
    ],
    "operationId": "match",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/EntityMatchResponse"
        }
       }
      },
      "description": "One response per query key",
      "headers": {
       "x-batch-size": {
        "schema": {
         "type": "integer"
        }
       }
      }
     },
     "400": {
      "description": "Invalid query",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/YenteError"
        }
       }
      }
     },
     "404": {
      "description": "No such dataset.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/YenteError"
        }
       }
      }
     },
     "413": {
      "description": "Body larger than the configured limit",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "Too many queries in one batch",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/YenteError"
        }
       }
      }
     },
     "401": {
      "description": "Missing or invalid API key (header WWW-Authenticate: Bearer realm=\"cordon\")",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "The key lacks the role the endpoint needs",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearerAuth": []
     },
     {
      "apiKeyHeader": []
     },
     {
      "yenteApiKey": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/EntityMatchQuery"
       },
       "example": {
        "queries": {
         "q1": {
          "schema": "Person",
          "properties": {
           "name": [
            "Hamza Usama Muhammad bin Laden"
           ],
           "birthDate": [
            "1989-05-09"
           ]
          }
         }
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "dataset",
      "in": "path",
      "required": true,
      "description": "default, sanctions or all: every list; a list code (un, ofac, uk, ...): that list",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 500,
       "default": 5
      }
     },
     {
      "name": "threshold",
      "in": "query",
      "schema": {
       "type": "number",
       "minimum": 0,
       "maximum": 1
      },
      "description": "match = score >= threshold (default the server's, 0.80)"
     },
     {
      "name": "cutoff",
      "in": "query",
      "schema": {
       "type": "number",
       "minimum": 0,
       "maximum": 1
      },
      "deprecated": true,
      "description": "Lowest score returned (at most the threshold)"
     },
     {
      "name": "algorithm",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "Any yente algorithm name; all use cordon's scorer"
     },
     {
      "name": "include_dataset",
      "in": "query",
      "schema": {
       "type": "array",
       "items": {
        "type": "string"
       }
      },
      "style": "form",
      "explode": true
     },
     {
      "name": "exclude_dataset",
      "in": "query",
      "schema": {
       "type": "array",
       "items": {
        "type": "string"
       }
      },
      "style": "form",
      "explode": true
     },
     {
      "name": "exclude_schema",
      "in": "query",
      "schema": {
       "type": "array",
       "items": {
        "type": "string"
       }
      },
      "style": "form",
      "explode": true
     },
     {
      "name": "exclude_entity_ids",
      "in": "query",
      "schema": {
       "type": "array",
       "items": {
        "type": "string"
       }
      },
      "style": "form",
      "explode": true
     },
     {
      "name": "topics",
      "in": "query",
      "schema": {
       "type": "array",
       "items": {
        "type": "string"
       }
      },
      "style": "form",
      "explode": true,
      "description": "Every cordon entity has topic sanction"
     },
     {
      "name": "changed_since",
      "in": "query",
      "schema": {
       "type": "string"
      },
      "description": "ISO date: entities last updated on or after it"
     }
    ]
   }
  },
  "/v1/entities/{id}": {
   "get": {
    "summary": "One listed entity",
    "description": "The entity as FollowTheMoney JSON, by cordon ID (un:QDi.421) or FtM ID (un-QDi.421).",
    "tags": [
     "Data"
    ],
    "operationId": "getEntity",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Entity"
        }
       }
      },
      "description": "The entity"
     },
     "404": {
      "description": "No entity with that ID",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "Missing or invalid API key (header WWW-Authenticate: Bearer realm=\"cordon\")",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "The key lacks the role the endpoint needs",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearerAuth": []
     },
     {
      "apiKeyHeader": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "example": "un:QDi.421"
     }
    ]
   }
  },
  "/v1/lists": {
   "get": {
    "summary": "Lists in use",
    "description": "Sources, versions, counts, when loaded, and the last reload's outcome. screen or admin role.",
    "tags": [
     "Data"
    ],
    "operationId": "lists",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ListsResponse"
        }
       }
      },
      "description": "The lists"
     },
     "401": {
      "description": "Missing or invalid API key (header WWW-Authenticate: Bearer realm=\"cordon\")",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "The key lacks the role the endpoint needs",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearerAuth": []
     },
     {
      "apiKeyHeader": []
     }
    ]
   }
  },
  "/v1/lists/reload": {
   "post": {
    "summary": "Reload the lists",
    "description": "Rebuilds the lists from the configured paths and swaps them in; requests in flight finish on the old ones. On failure the old lists keep serving. admin role.",
    "tags": [
     "Admin"
    ],
    "operationId": "reload",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ListsResponse"
        }
       }
      },
      "description": "Reloaded"
     },
     "422": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ReloadFailed"
        }
       }
      },
      "description": "A list file is bad; the old lists still serve"
     },
     "401": {
      "description": "Missing or invalid API key (header WWW-Authenticate: Bearer realm=\"cordon\")",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "The key lacks the role the endpoint needs",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearerAuth": []
     },
     {
      "apiKeyHeader": []
     }
    ]
   }
  },
  "/healthz": {
   "get": {
    "summary": "Liveness",
    "description": "200 while the process serves. No key needed.",
    "tags": [
     "System"
    ],
    "operationId": "healthz",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      },
      "description": "Alive"
     }
    },
    "security": []
   }
  },
  "/readyz": {
   "get": {
    "summary": "Readiness",
    "description": "200 once lists are loaded. No key needed.",
    "tags": [
     "System"
    ],
    "operationId": "readyz",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Ready"
        }
       }
      },
      "description": "Ready"
     },
     "503": {
      "description": "Lists not loaded",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": []
   }
  },
  "/metrics": {
   "get": {
    "summary": "Prometheus metrics",
    "description": "Text exposition format 0.0.4: requests by route and status, latency histograms, parties screened, hits, list versions and entity counts, reloads. Any valid key.",
    "tags": [
     "System"
    ],
    "operationId": "metrics",
    "responses": {
     "200": {
      "description": "Metrics",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "401": {
      "description": "Missing or invalid API key (header WWW-Authenticate: Bearer realm=\"cordon\")",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "The key lacks the role the endpoint needs",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearerAuth": []
     },
     {
      "apiKeyHeader": []
     }
    ]
   }
  },
  "/openapi.json": {
   "get": {
    "summary": "This document",
    "description": "The OpenAPI 3 description of the API. No key needed.",
    "tags": [
     "System"
    ],
    "operationId": "openapi",
    "responses": {
     "200": {
      "description": "OpenAPI document",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     }
    },
    "security": []
   }
  }
 },
 "components": {
  "securitySchemes": {
   "bearerAuth": {
    "type": "http",
    "scheme": "bearer",
    "description": "Authorization: Bearer <key>"
   },
   "apiKeyHeader": {
    "type": "apiKey",
    "in": "header",
    "name": "X-API-Key"
   },
   "yenteApiKey": {
    "type": "apiKey",
    "in": "header",
    "name": "Authorization",
    "description": "Authorization: ApiKey <key>, as yente's clients send it"
   }
  },
  "schemas": {
   "Error": {
    "type": "object",
    "required": [
     "error"
    ],
    "properties": {
     "error": {
      "type": "object",
      "required": [
       "code",
       "message",
       "field"
      ],
      "properties": {
       "code": {
        "type": "string",
        "description": "Stable machine-readable code",
        "enum": [
         "invalid_json",
         "invalid_utf8",
         "invalid_request",
         "invalid_target",
         "invalid_message",
         "unauthorized",
         "forbidden",
         "not_found",
         "entity_not_found",
         "dataset_not_found",
         "method_not_allowed",
         "body_too_large",
         "too_many_parties",
         "reload_failed",
         "not_ready",
         "internal"
        ]
       },
       "message": {
        "type": "string",
        "description": "What is wrong, for people"
       },
       "field": {
        "type": "string",
        "nullable": true,
        "description": "The request field at fault (\"name\", \"queries[3].name\", \"body\", \"threshold\"), or null"
       },
       "id": {
        "type": "string",
        "nullable": true,
        "description": "/v1/screen and /v1/screen/batch: the id of the party at fault (null when it has none)"
       }
      }
     }
    }
   },
   "ScreenQuery": {
    "type": "object",
    "required": [
     "name"
    ],
    "description": "One party, the same fields as the CLI's query lines",
    "properties": {
     "id": {
      "oneOf": [
       {
        "type": "string"
       },
       {
        "type": "integer"
       }
      ],
      "description": "Echoed in the result (default: \"\" for /v1/screen, the 1-based position in a batch)"
     },
     "name": {
      "type": "string",
      "minLength": 1,
      "description": "The full name as written, any script"
     },
     "schema": {
      "type": "string",
      "description": "Person, Organization, Vessel, Aircraft (any case, and synonyms such as individual, entity) or Any",
      "example": "Person"
     },
     "birth_date": {
      "type": "string",
      "description": "ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, a timestamp), YYYY-M-D, DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY when a number above 12 decides the order (otherwise only the year is used, with a warning), 16 Jul 1969, July 16, 1969. Unreadable: a warning, never an error (docs/formats.md)",
      "example": "1989-05-09"
     },
     "nationality": {
      "type": "string",
      "description": "ISO 3166-1 alpha-2 or alpha-3 code, English name or demonym (AF, AFG, Afghanistan, Afghan). Unreadable: a warning, never an error",
      "example": "sa"
     },
     "country": {
      "type": "string",
      "description": "Country of residence or registration: read as nationality"
     },
     "gender": {
      "type": "string",
      "enum": [
       "male",
       "female",
       "m",
       "f",
       "M",
       "F",
       "Male",
       "Female",
       "unknown"
      ],
      "description": "Any case; also man, woman, u, x, unspecified, other. Another value: a warning, never an error"
     },
     "identifiers": {
      "oneOf": [
       {
        "type": "string"
       },
       {
        "type": "array",
        "items": {
         "type": "string"
        }
       }
      ],
      "description": "Passport, national ID, IMO, BIC, LEI... as written"
     }
    }
   },
   "TokenMatch": {
    "type": "object",
    "properties": {
     "query_token": {
      "type": "string"
     },
     "list_token": {
      "type": "string"
     },
     "how": {
      "type": "string",
      "enum": [
       "exact",
       "variant",
       "transliteration",
       "edit_distance",
       "initial",
       "phonetic",
       "split_join"
      ]
     },
     "similarity": {
      "type": "number"
     }
    }
   },
   "Evidence": {
    "type": "object",
    "properties": {
     "attribute": {
      "type": "string",
      "example": "birth_date"
     },
     "query_value": {
      "type": "string"
     },
     "list_value": {
      "type": "string"
     },
     "effect": {
      "type": "string",
      "enum": [
       "supports",
       "contradicts",
       "neutral"
      ]
     },
     "adjustment": {
      "type": "number"
     }
    }
   },
   "Explanation": {
    "type": "object",
    "properties": {
     "matched_name": {
      "type": "string"
     },
     "name_kind": {
      "type": "string",
      "enum": [
       "primary",
       "aka",
       "fka",
       "nka"
      ]
     },
     "name_strength": {
      "type": "string",
      "enum": [
       "strong",
       "weak"
      ]
     },
     "name_score": {
      "type": "number"
     },
     "alignment": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/TokenMatch"
      }
     },
     "unmatched_query_tokens": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "unmatched_list_tokens": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "evidence": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Evidence"
      }
     },
     "normalizer_version": {
      "type": "string"
     }
    }
   },
   "Hit": {
    "type": "object",
    "required": [
     "entity_id",
     "list",
     "schema",
     "name",
     "matched_name",
     "score",
     "explanation"
    ],
    "properties": {
     "entity_id": {
      "type": "string",
      "example": "un:QDi.421"
     },
     "list": {
      "type": "string",
      "example": "un"
     },
     "schema": {
      "type": "string",
      "enum": [
       "Person",
       "Organization",
       "Vessel",
       "Aircraft",
       "LegalEntity"
      ]
     },
     "name": {
      "type": "string",
      "description": "The entity's primary name"
     },
     "matched_name": {
      "type": "string",
      "description": "The listed name that matched"
     },
     "score": {
      "type": "number",
      "minimum": 0,
      "maximum": 1,
      "description": "Calibrated score, four decimals"
     },
     "explanation": {
      "$ref": "#/components/schemas/Explanation"
     }
    }
   },
   "ScreenResult": {
    "type": "object",
    "required": [
     "id",
     "hits"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "hits": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Hit"
      }
     },
     "warnings": {
      "type": "array",
      "description": "Fields of the query that could not be read: left out of scoring, the name screened all the same. Absent when there is none",
      "items": {
       "$ref": "#/components/schemas/AttributeWarning"
      }
     }
    }
   },
   "AttributeWarning": {
    "type": "object",
    "required": [
     "field",
     "value",
     "message"
    ],
    "properties": {
     "field": {
      "type": "string",
      "example": "birth_date"
     },
     "value": {
      "type": "string",
      "description": "As given (compact JSON for a value that is not a string)",
      "example": "05/07/1969"
     },
     "message": {
      "type": "string",
      "example": "day and month are ambiguous (5 July or May 7): only the year 1969 is used; write YYYY-MM-DD"
     }
    }
   },
   "ScreenResponse": {
    "allOf": [
     {
      "$ref": "#/components/schemas/ScreenResult"
     },
     {
      "type": "object",
      "properties": {
       "generation": {
        "type": "integer",
        "description": "Generation of the lists used (GET /v1/lists)"
       }
      }
     }
    ]
   },
   "BatchRequest": {
    "type": "object",
    "required": [
     "queries"
    ],
    "properties": {
     "queries": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ScreenQuery"
      },
      "description": "At most the configured number of parties (default 1000; more: 422)"
     }
    }
   },
   "BatchResponse": {
    "type": "object",
    "properties": {
     "results": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ScreenResult"
      },
      "description": "In input order"
     },
     "generation": {
      "type": "integer"
     }
    }
   },
   "CompareRequest": {
    "type": "object",
    "required": [
     "name1",
     "name2"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "name1": {
      "type": "string",
      "minLength": 1
     },
     "name2": {
      "type": "string",
      "minLength": 1
     },
     "schema": {
      "type": "string",
      "description": "As ScreenQuery.schema"
     }
    }
   },
   "CompareResponse": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "score": {
      "type": "number"
     },
     "match": {
      "type": "boolean",
      "description": "score >= 0.80"
     },
     "explanation": {
      "$ref": "#/components/schemas/Explanation"
     }
    }
   },
   "JurisdictionRule": {
    "type": "object",
    "properties": {
     "kind": {
      "type": "string",
      "enum": [
       "country",
       "place"
      ]
     },
     "value": {
      "type": "string"
     },
     "label": {
      "type": "string"
     },
     "line": {
      "type": "integer"
     }
    }
   },
   "MessageHit": {
    "type": "object",
    "required": [
     "kind",
     "path",
     "role",
     "text"
    ],
    "properties": {
     "kind": {
      "type": "string",
      "enum": [
       "party",
       "identifier",
       "text",
       "jurisdiction"
      ]
     },
     "path": {
      "type": "string",
      "example": "CdtTrfTxInf[0]/Cdtr/Nm"
     },
     "role": {
      "type": "string",
      "example": "creditor"
     },
     "text": {
      "type": "string",
      "description": "The words of the message that matched"
     },
     "match": {
      "$ref": "#/components/schemas/Hit"
     },
     "attribute": {
      "type": "string",
      "description": "jurisdiction hits: bic, country, address.country, address"
     },
     "rule": {
      "$ref": "#/components/schemas/JurisdictionRule"
     }
    }
   },
   "PassengerResult": {
    "type": "object",
    "properties": {
     "path": {
      "type": "string"
     },
     "role": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "decision": {
      "type": "string",
      "enum": [
       "pass",
       "hold"
      ]
     },
     "hits": {
      "type": "array",
      "items": {
       "type": "integer"
      },
      "description": "Indexes into the message's hits"
     }
    }
   },
   "MessageResult": {
    "type": "object",
    "required": [
     "index"
    ],
    "description": "One message of the body: its result, or `error` when it could not be read",
    "properties": {
     "index": {
      "type": "integer",
      "description": "0-based position of the message in the body"
     },
     "format": {
      "type": "string",
      "example": "pacs.008.001.08"
     },
     "id": {
      "type": "string",
      "description": "The message's own reference"
     },
     "offset": {
      "type": "integer",
      "description": "Byte offset in the body"
     },
     "decision": {
      "type": "string",
      "enum": [
       "pass",
       "hold"
      ]
     },
     "hits": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/MessageHit"
      }
     },
     "passengers": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/PassengerResult"
      },
      "description": "PAXLST and PNRGOV only"
     },
     "error": {
      "type": "object",
      "properties": {
       "code": {
        "type": "string",
        "enum": [
         "invalid_message"
        ]
       },
       "message": {
        "type": "string"
       },
       "field": {
        "type": "string",
        "nullable": true
       }
      }
     }
    }
   },
   "MessagesResponse": {
    "type": "object",
    "properties": {
     "decision": {
      "type": "string",
      "enum": [
       "pass",
       "hold"
      ],
      "description": "hold when any message is held or could not be read"
     },
     "held": {
      "type": "integer"
     },
     "passed": {
      "type": "integer"
     },
     "errors": {
      "type": "integer"
     },
     "messages": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/MessageResult"
      }
     },
     "generation": {
      "type": "integer"
     }
    }
   },
   "FtmEntity": {
    "type": "object",
    "description": "A FollowTheMoney entity (OpenSanctions' format)",
    "properties": {
     "id": {
      "type": "string",
      "example": "un-QDi.421"
     },
     "caption": {
      "type": "string"
     },
     "schema": {
      "type": "string",
      "example": "Person"
     },
     "properties": {
      "type": "object",
      "additionalProperties": {
       "type": "array",
       "items": {}
      },
      "description": "FtM property -> values (strings, or nested entities for addressEntity, identification, sanctions)"
     },
     "datasets": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "target": {
      "type": "boolean"
     },
     "last_change": {
      "type": "string",
      "nullable": true
     }
    }
   },
   "Entity": {
    "allOf": [
     {
      "$ref": "#/components/schemas/FtmEntity"
     },
     {
      "type": "object",
      "properties": {
       "entity_id": {
        "type": "string",
        "example": "un:QDi.421"
       },
       "list": {
        "type": "string",
        "example": "un"
       }
      }
     }
    ]
   },
   "ListInfo": {
    "type": "object",
    "properties": {
     "list": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "format": {
      "type": "string"
     },
     "published": {
      "type": "string"
     },
     "content_hash": {
      "type": "string",
      "example": "sha256:..."
     },
     "files": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "entities": {
      "type": "integer"
     },
     "skipped": {
      "type": "integer"
     }
    }
   },
   "ReloadStatus": {
    "type": "object",
    "properties": {
     "at": {
      "type": "string",
      "nullable": true,
      "format": "date-time"
     },
     "ok": {
      "type": "boolean",
      "nullable": true
     },
     "error": {
      "type": "string",
      "nullable": true
     },
     "error_at": {
      "type": "string",
      "nullable": true,
      "format": "date-time"
     }
    }
   },
   "ListsResponse": {
    "type": "object",
    "properties": {
     "generation": {
      "type": "integer"
     },
     "loaded_at": {
      "type": "string",
      "format": "date-time"
     },
     "entities": {
      "type": "integer"
     },
     "lists": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ListInfo"
      }
     },
     "last_reload": {
      "$ref": "#/components/schemas/ReloadStatus"
     },
     "status": {
      "type": "string",
      "enum": [
       "reloaded"
      ],
      "description": "POST /v1/lists/reload only"
     }
    }
   },
   "ReloadFailed": {
    "allOf": [
     {
      "$ref": "#/components/schemas/Error"
     },
     {
      "type": "object",
      "properties": {
       "generation": {
        "type": "integer",
        "description": "The generation still serving"
       }
      }
     }
    ]
   },
   "Health": {
    "type": "object",
    "properties": {
     "status": {
      "type": "string",
      "enum": [
       "ok"
      ]
     }
    }
   },
   "Ready": {
    "type": "object",
    "properties": {
     "status": {
      "type": "string",
      "enum": [
       "ready"
      ]
     },
     "generation": {
      "type": "integer"
     },
     "entities": {
      "type": "integer"
     }
    }
   },
   "EntityExample": {
    "type": "object",
    "required": [
     "schema",
     "properties"
    ],
    "properties": {
     "id": {
      "type": "string",
      "nullable": true
     },
     "schema": {
      "type": "string",
      "enum": [
       "Person",
       "Organization",
       "Company",
       "PublicBody",
       "LegalEntity",
       "Vessel",
       "Airplane",
       "Thing"
      ]
     },
     "properties": {
      "type": "object",
      "additionalProperties": {
       "oneOf": [
        {
         "type": "string"
        },
        {
         "type": "array",
         "items": {}
        }
       ]
      },
      "description": "FtM properties; read: name, alias, previousName, weakAlias, firstName, secondName, middleName, fatherName, lastName, birthDate, nationality, citizenship, country, jurisdiction, mainCountry, flag, gender, passportNumber, idNumber, taxNumber, innCode, vatCode, registrationNumber, ogrnCode, okpoCode, dunsCode, imoNumber, swiftBic, leiCode, serialNumber, email, website, phone"
     }
    }
   },
   "EntityMatchQuery": {
    "type": "object",
    "required": [
     "queries"
    ],
    "properties": {
     "queries": {
      "type": "object",
      "additionalProperties": {
       "$ref": "#/components/schemas/EntityExample"
      }
     },
     "weights": {
      "type": "object",
      "additionalProperties": {
       "type": "number"
      },
      "description": "Accepted and ignored (cordon's scores are calibrated)"
     },
     "config": {
      "type": "object",
      "description": "Accepted and ignored"
     }
    }
   },
   "TotalSpec": {
    "type": "object",
    "properties": {
     "value": {
      "type": "integer"
     },
     "relation": {
      "type": "string",
      "enum": [
       "eq"
      ]
     }
    }
   },
   "ScoredEntityResponse": {
    "allOf": [
     {
      "$ref": "#/components/schemas/FtmEntity"
     },
     {
      "type": "object",
      "properties": {
       "referents": {
        "type": "array",
        "items": {
         "type": "string"
        },
        "description": "The cordon entity ID"
       },
       "first_seen": {
        "type": "string",
        "nullable": true,
        "description": "The listing date (LISTED_ON), YYYY-MM-DDT00:00:00"
       },
       "last_seen": {
        "type": "string",
        "nullable": true,
        "description": "Publication date of the list version loaded"
       },
       "score": {
        "type": "number"
       },
       "features": {
        "type": "object",
        "additionalProperties": {
         "type": "number"
        }
       },
       "match": {
        "type": "boolean",
        "description": "score >= threshold"
       },
       "explanation": {
        "$ref": "#/components/schemas/Explanation"
       }
      }
     }
    ]
   },
   "EntityMatches": {
    "type": "object",
    "properties": {
     "status": {
      "type": "integer",
      "example": 200
     },
     "results": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ScoredEntityResponse"
      }
     },
     "total": {
      "$ref": "#/components/schemas/TotalSpec"
     },
     "query": {
      "$ref": "#/components/schemas/EntityExample"
     }
    }
   },
   "FeatureDoc": {
    "type": "object",
    "properties": {
     "description": {
      "type": "string"
     },
     "coefficient": {
      "type": "number"
     },
     "url": {
      "type": "string"
     }
    }
   },
   "EntityMatchResponse": {
    "type": "object",
    "properties": {
     "responses": {
      "type": "object",
      "additionalProperties": {
       "$ref": "#/components/schemas/EntityMatches"
      }
     },
     "matcher": {
      "type": "object",
      "additionalProperties": {
       "$ref": "#/components/schemas/FeatureDoc"
      }
     },
     "limit": {
      "type": "integer"
     }
    }
   },
   "YenteError": {
    "allOf": [
     {
      "$ref": "#/components/schemas/Error"
     },
     {
      "type": "object",
      "required": [
       "detail"
      ],
      "properties": {
       "detail": {
        "type": "string",
        "description": "yente's error field",
        "example": "No such dataset."
       }
      }
     }
    ]
   }
  }
 },
 "security": [
  {
   "bearerAuth": []
  },
  {
   "apiKeyHeader": []
  }
 ]
})json";
// clang-format on

}  // namespace

std::string_view OpenApiDocument() { return kDocument; }

}  // namespace cordon::service
