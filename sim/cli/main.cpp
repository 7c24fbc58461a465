// resim: the command-line front end. The commands live in sim/cli/, one file each; this file
// only assembles them and turns errors into the documented exit codes (sim/cli/exit_codes.h).
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <csignal>
#include <iostream>

#include "models/scenario_error.h"
#include "reports/output_file.h"
#include "sim/cli/commands.h"
#include "sim/cli/exit_codes.h"

namespace {

// Results are only written, atomically, after a run completes, so stopping at once leaves no
// partial file (a temporary being written is removed); the handler uses only async-signal-safe
// calls (unlink, write, _exit).
extern "C" void stop_on_signal(int signal) {
  static const char INT_LINE[] = "\nresim: interrupted (SIGINT); nothing was written\n";
  static const char TERM_LINE[] = "\nresim: terminated (SIGTERM); nothing was written\n";
  resim::remove_pending_output();
  const bool interrupt = signal == SIGINT;
  const ssize_t ignored = ::write(STDERR_FILENO, interrupt ? INT_LINE : TERM_LINE,
                                  interrupt ? sizeof INT_LINE - 1 : sizeof TERM_LINE - 1);
  (void)ignored;
  ::_exit(128 + signal);
}

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = stop_on_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace resim::cli;
  install_signal_handlers();
  CLI::App app{
      "resim: Monte Carlo resilience simulation — availability, outages (RTO) and targets of an "
      "HA/DR design"};
  app.footer(
      "Examples:\n"
      "  resim run                                   # the embedded default scenario\n"
      "  resim run scenarios/single-zone-web.json --json results.json\n"
      "  resim analyze scenarios/three-zone-web.json   # exact figures, where the model admits "
      "them\n"
      "  resim validate scenarios/*.json\n"
      "  resim replay scenarios/three-zone-web.json --worst availability --chart worst.png\n"
      "Run 'resim COMMAND --help' for a command's options. Exit codes: 0 ok, 1 target missed "
      "(--check), 2 bad input, 130/143 interrupted by SIGINT/SIGTERM (nothing written).");
  app.set_version_flag("--version", "resim " RESIM_VERSION);
  app.require_subcommand(1);
  int exit_code = EXIT_OK;
  add_run_command(app, exit_code);
  add_analyze_command(app, exit_code);
  add_validate_command(app, exit_code);
  add_report_command(app, exit_code);
  add_compare_command(app, exit_code);
  add_sweep_command(app, exit_code);
  add_replay_command(app, exit_code);

  // Argument errors start like every other error, so that one pattern finds them all in a log.
  app.failure_message([](const CLI::App* failed, const CLI::Error& error) {
    return "error: " + CLI::FailureMessage::simple(failed, error);
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? EXIT_OK : EXIT_BAD_INPUT;
  } catch (const resim::ScenarioError& error) {
    std::cerr << "error: " << error.what() << "\n";
    return EXIT_BAD_INPUT;
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return EXIT_BAD_INPUT;
  }
  return exit_code;
}
