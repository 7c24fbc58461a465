// resim: the command-line front end. The commands live in sim/cli/, one file each; this file
// only assembles them and turns errors into the documented exit codes (sim/cli/exit_codes.h).
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "models/scenario_error.h"
#include "reports/output_file.h"
#include "sim/cli/commands.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/processes.h"
#ifdef RESIM_MPI
#include "sim/cli/mpi_cluster.h"
#endif

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

#ifdef RESIM_MPI
// Started by mpirun (OpenMPI), or by srun or another launcher speaking PMI/PMIx: MPI is
// initialized then only, so that a plain `resim` pays nothing for it.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}
#endif

// Under mpirun an error stops every rank (one failing alone would leave the others waiting for
// it); rank 0 prints it as usual, another rank with its number, so that an error met in one
// rank's trials alone is seen too.
int fail(const std::exception& error) {
  using resim::cli::process_cluster;
  // One write per line, so that the ranks' lines do not interleave.
  const std::string line =
      (resim::cli::is_root_process() ? std::string()
                                     : "rank " + std::to_string(process_cluster()->rank()) + ": ") +
      "error: " + error.what() + "\n";
  std::cerr << line << std::flush;
#ifdef RESIM_MPI
  if (process_cluster())
    static_cast<resim::cli::MpiCluster*>(process_cluster())->abort(resim::cli::EXIT_BAD_INPUT);
#endif
  return resim::cli::EXIT_BAD_INPUT;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace resim::cli;
  install_signal_handlers();
#ifdef RESIM_MPI
  std::unique_ptr<MpiCluster> mpi;
  if (launched_by_mpi()) {
    mpi = std::make_unique<MpiCluster>(argc, argv);
    set_process_cluster(mpi.get());
  }
#endif
  // Rank 0 alone prints: the others compute the same results and discard them.
  if (!is_root_process() && !std::freopen("/dev/null", "w", stdout)) return EXIT_BAD_INPUT;
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
    std::ostringstream discarded;  // every rank read the same command line: rank 0 says it
    const int code = is_root_process() ? app.exit(error) : app.exit(error, discarded, discarded);
    return code == 0 ? EXIT_OK : EXIT_BAD_INPUT;
  } catch (const std::exception& error) {  // ScenarioError among them
    return fail(error);
  }
  return exit_code;
}
