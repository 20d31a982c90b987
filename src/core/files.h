// Reading a whole file (or standard input) into memory, with errors that name the path.
//
// Thread safety: pure functions.
#ifndef CORDON_CORE_FILES_H_
#define CORDON_CORE_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace cordon {

// The bytes of the file at `path`; "-" reads standard input to its end. Errors: NotFound
// "<path>: cannot open", DataLoss "<path>: read error".
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace cordon

#endif  // CORDON_CORE_FILES_H_
