// cordon command-line interface. Thin: parses arguments, calls the library,
// formats results. Usage: cordon --help; README.md has examples.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "cordon: screen names, payments and manifests against sanctions and "
      "terrorist watchlists"};
  app.set_version_flag("--version", std::string("cordon ") + CORDON_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  cordon::cli::RegisterListsCommands(app, &exit_code);
  cordon::cli::RegisterIndexCommands(app, &exit_code);
  cordon::cli::RegisterScreenCommands(app, &exit_code);
  cordon::cli::RegisterValidateCommand(app, &exit_code);
  cordon::cli::RegisterMessageCommand(app, &exit_code);
  cordon::cli::RegisterServeCommand(app, &exit_code);
  cordon::cli::RegisterCasesCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    // CLI11 returns 0 for --help/--version; any other parse error is usage.
    return rc == 0 ? 0 : 2;
  }
  return exit_code;
}
