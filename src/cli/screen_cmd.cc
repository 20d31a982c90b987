// Placeholder: these subcommands are being written.
#include "cli/commands.h"

namespace cordon::cli {

void RegisterScreenCommands(CLI::App&, int*) {}

}  // namespace cordon::cli
