// cordon command-line interface. Thin: parses arguments, calls the library,
// formats results. Usage: cordon --help; README.md has examples.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cordon/screen.h"

namespace {

// `cordon --version`: what a bug report or an audit needs to name this build exactly.
std::string VersionText() {
  return std::string("cordon ") + CORDON_VERSION + "\nnormalizer: " + cordon::NormalizerVersion() +
         "\ncommit: " + CORDON_GIT_COMMIT;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "cordon: screen names, payments and manifests against sanctions and "
      "terrorist watchlists"};
  app.set_version_flag("--version", VersionText,
                       "Print the version, the normalizer version and the commit");
  app.require_subcommand(1);
  int exit_code = 0;
  cordon::cli::RegisterListsCommands(app, &exit_code);
  cordon::cli::RegisterIndexCommands(app, &exit_code);
  cordon::cli::RegisterScreenCommands(app, &exit_code);
  cordon::cli::RegisterValidateCommand(app, &exit_code);
  cordon::cli::RegisterMessageCommand(app, &exit_code);
  cordon::cli::RegisterServeCommand(app, &exit_code);
  cordon::cli::RegisterCasesCommands(app, &exit_code);
  cordon::cli::RegisterNormalizeCommand(app, &exit_code);
  cordon::cli::RegisterWorkerCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    // CLI11 returns 0 for --help/--version; any other parse error is usage.
    return rc == 0 ? 0 : 2;
  }
  return exit_code;
}
