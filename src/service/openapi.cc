#include "service/openapi.h"

namespace cordon::service {

namespace {

// Written by hand; docs/service.md has worked examples of every endpoint.
constexpr std::string_view kDocument = R"json({
  "openapi": "3.0.3",
  "info": {"title": "cordon screening API", "version": "1"},
  "paths": {
    "/v1/screen": {"post": {"summary": "Screen one party", "responses": {"200": {"description": "hits"}}}},
    "/v1/screen/batch": {"post": {"summary": "Screen many parties", "responses": {"200": {"description": "results"}}}},
    "/v1/compare": {"post": {"summary": "Compare two names", "responses": {"200": {"description": "score"}}}},
    "/v1/messages": {"post": {"summary": "Screen payment and travel messages", "responses": {"200": {"description": "decisions"}}}},
    "/match/{dataset}": {"post": {"summary": "yente match API", "responses": {"200": {"description": "matches"}}}},
    "/v1/entities/{id}": {"get": {"summary": "One listed entity", "responses": {"200": {"description": "entity"}}}},
    "/v1/lists": {"get": {"summary": "Lists in use", "responses": {"200": {"description": "lists"}}}},
    "/v1/lists/reload": {"post": {"summary": "Reload the lists", "responses": {"200": {"description": "reloaded"}}}},
    "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "ok"}}}},
    "/readyz": {"get": {"summary": "Readiness", "responses": {"200": {"description": "ready"}}}},
    "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "metrics"}}}},
    "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "document"}}}}
  }
})json";

}  // namespace

std::string_view OpenApiDocument() { return kDocument; }

}  // namespace cordon::service
