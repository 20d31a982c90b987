// The OpenAPI 3.0 document of the API, served at GET /openapi.json (openapi.cc holds it).
#ifndef CORDON_SERVICE_OPENAPI_H_
#define CORDON_SERVICE_OPENAPI_H_

#include <string_view>

namespace cordon::service {

// The document as JSON text (valid JSON; api_test checks every route is in it).
std::string_view OpenApiDocument();

}  // namespace cordon::service

#endif  // CORDON_SERVICE_OPENAPI_H_
