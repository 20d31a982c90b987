// Registration of the `cordon` subcommands. Each Register* function adds its
// subcommands to `app`; when a subcommand runs, its callback stores the process
// exit code in *exit_code (0 success, 1 failure, 2 bad usage).
#ifndef CORDON_CLI_COMMANDS_H_
#define CORDON_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace cordon::cli {

void RegisterListsCommands(CLI::App& app, int* exit_code);  // lists show|diff|export
// lists fetch|versions|prune, under the `lists` subcommand (update_cmd.cc).
void RegisterListUpdateCommands(CLI::App* lists, int* exit_code);
void RegisterIndexCommands(CLI::App& app, int* exit_code);    // index build
void RegisterScreenCommands(CLI::App& app, int* exit_code);   // screen, compare
void RegisterValidateCommand(CLI::App& app, int* exit_code);  // validate
void RegisterMessageCommand(CLI::App& app, int* exit_code);   // message
void RegisterServeCommand(CLI::App& app, int* exit_code);     // serve
// users, policy, subjects, alerts, suppressions, audit (case management, docs/cases.md)
void RegisterCasesCommands(CLI::App& app, int* exit_code);
void RegisterNormalizeCommand(CLI::App& app, int* exit_code);  // normalize
// worker, submit (NATS JetStream screening workers, docs/scale-out.md)
void RegisterWorkerCommands(CLI::App& app, int* exit_code);

}  // namespace cordon::cli

#endif  // CORDON_CLI_COMMANDS_H_
