// Runs the built `cordon` binary for end-to-end tests and captures what it
// did. Test-only code: failures to start the process abort the test.
#ifndef CORDON_TESTS_CLI_RUNNER_H_
#define CORDON_TESTS_CLI_RUNNER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cordon::e2e {

struct CliResult {
  int exit_code = -1;  // the process exit status; -1 if it did not exit normally
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
};

// Runs CORDON_BIN with `args` (no shell involved), stdin empty.
CliResult RunCordon(const std::vector<std::string>& args);
// Runs argv[0] (a path) with the rest of `argv` as its arguments, the same way.
CliResult RunProgram(const std::vector<std::string>& argv);

// A fresh empty folder under the GoogleTest temp dir, private to this process.
std::string FreshTempDir(const std::string& name);

std::string ReadFileBytes(const std::string& path);

// The JSON objects of a JSON-lines output (every line must parse).
std::vector<nlohmann::json> JsonLines(const std::string& out);
void WriteFileBytes(const std::string& path, const std::string& bytes);

}  // namespace cordon::e2e

#endif  // CORDON_TESTS_CLI_RUNNER_H_
