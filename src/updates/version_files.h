// The list files of one stored version of a source: what `cordon lists diff --store` and the
// service's GET /v1/lists/diff load to compare two versions (lists/diff.h).
#ifndef CORDON_UPDATES_VERSION_FILES_H_
#define CORDON_UPDATES_VERSION_FILES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/updates.h"

namespace cordon {

// The list files of version `id` of `source` ("current": the current version), sorted; its
// version.json is not among them. kNotFound for a source the store does not hold (so a name
// from a request never reaches outside the store) or a version it does not have.
absl::StatusOr<std::vector<std::string>> StoredVersionFiles(const Store& store,
                                                            const std::string& source,
                                                            const std::string& id);

}  // namespace cordon

#endif  // CORDON_UPDATES_VERSION_FILES_H_
