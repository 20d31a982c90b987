// The brute-force reference screener: scores every list name of a Screener with the same scorer,
// no index, no bound. The indexed Screener::Screen must return exactly the same hits.
#ifndef CORDON_TESTING_REFERENCE_H_
#define CORDON_TESTING_REFERENCE_H_

#include <vector>

#include "cordon/screen.h"
#include "engine/screener_impl.h"

namespace cordon::testing {

std::vector<Hit> ReferenceScreen(const engine::ScreenerImpl& screener, const ScreenQuery& query,
                                 const ScreenOptions& options = {});

// The ScreenerImpl behind a Screener made by Screener::Create (which only ever makes those).
const engine::ScreenerImpl& Impl(const Screener& s);

}  // namespace cordon::testing

#endif  // CORDON_TESTING_REFERENCE_H_
