// The OpenAPI document (src/service/openapi.json, the source: edit it there), embedded at build
// time by src/service/CMakeLists.txt. api_test checks that it is valid JSON, that every route the
// Api serves is in it, that it documents nothing else, and that every $ref resolves.
#include "service/openapi.h"

namespace cordon::service {

extern const char kEmbeddedOpenApi[];  // generated: openapi_document.cc in the build folder

std::string_view OpenApiDocument() { return kEmbeddedOpenApi; }

}  // namespace cordon::service
