// POST /match/{dataset}: the request and response shape of OpenSanctions yente's match API
// (yente/routers/match.py and yente/data/common.py), so that yente clients switch to cordon
// without changes. docs/service.md "yente compatibility" lists what differs.
//
// Request: {"queries": {"<key>": {"schema": "Person", "properties": {"name": [...], ...}}},
//           "weights": {...}?, "config": {...}?}
// Query parameters: limit, threshold, cutoff, algorithm, include_dataset, exclude_dataset,
// exclude_schema, exclude_entity_ids, topics, changed_since.
// Response: {"responses": {"<key>": {"status": 200, "results": [...], "total": {"value",
// "relation"}, "query": {...}}}, "matcher": {feature: {"description","coefficient","url"}},
// "limit": N}, header x-batch-size.
//
// Thread safety: a pure function of its arguments.
#ifndef CORDON_SERVICE_YENTE_H_
#define CORDON_SERVICE_YENTE_H_

#include <cstdint>
#include <string_view>

#include "cordon/screen.h"
#include "service/api.h"
#include "service/http.h"

namespace cordon::service {

struct YenteOptions {
  double threshold = kDefaultThreshold;  // default ?threshold= (cordon's calibrated scale)
  size_t limit = 5;                      // default ?limit= (yente's MATCH_PAGE)
  size_t max_limit = 500;                // largest ?limit= accepted
  size_t max_queries = 100;              // most queries in one request (more: 422)
  size_t max_names = 20;                 // most name values screened per query
};

struct YenteResult {
  HttpResponse response;
  uint64_t parties = 0;  // queries screened
  uint64_t hits = 0;     // results returned
};

// Matches `body` against the lists of `dataset` ("default", "sanctions", "all": every list;
// a list code such as "un": that list only; anything else: 404 "No such dataset.").
YenteResult YenteMatch(const Screener& screener, std::string_view dataset, const Target& target,
                       std::string_view body, const YenteOptions& options);

}  // namespace cordon::service

#endif  // CORDON_SERVICE_YENTE_H_
