#include "reports/chart_renderer.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

extern char** environ;

namespace resim {

namespace {

namespace fs = std::filesystem;
constexpr int EXIT_BAD_INPUT = 2;
constexpr const char* INSTALL_HINT =
    "install Debian's python3-matplotlib and python3-pandas (apt-get install python3-matplotlib "
    "python3-pandas), or point RESIM_PYTHON at a Python 3 that has them";

bool executable(const std::string& path) {
  return !path.empty() && ::access(path.c_str(), X_OK) == 0;
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

bool holds_package(const fs::path& dir) {
  std::error_code ignored;
  return fs::is_regular_file(dir / "resim_charts" / "__main__.py", ignored);
}

// Runs `python -m resim_charts ARGS...` with the package directory first on PYTHONPATH, the
// child's output going straight to ours.
int run_package(const ChartRendererOptions& options, const std::vector<std::string>& arguments) {
  const std::string python = locate_python(options.python);
  const std::string package = locate_chart_package();
  if (package.empty()) {
    std::cerr << "error: the chart package resim_charts was not found (set RESIM_CHARTS_DIR to "
                 "the directory that holds it, e.g. the source tree's reports/)\n";
    return EXIT_BAD_INPUT;
  }
  std::vector<std::string> argv_storage{python, "-m", "resim_charts"};
  argv_storage.insert(argv_storage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const std::string old_path = env("PYTHONPATH");
  std::vector<std::string> env_storage{"PYTHONPATH=" + package +
                                       (old_path.empty() ? "" : ":" + old_path)};
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "PYTHONPATH=", 11) != 0) env_storage.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = 0;
  const int spawned =
      ::posix_spawnp(&pid, python.c_str(), nullptr, nullptr, argv.data(), envp.data());
  if (spawned != 0) {
    std::cerr << "error: cannot run Python ('" << python << "': " << std::strerror(spawned)
              << "): " << INSTALL_HINT << "\n";
    return EXIT_BAD_INPUT;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return EXIT_BAD_INPUT;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    std::cerr << "error: cannot run Python ('" << python << "'): " << INSTALL_HINT << "\n";
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != EXIT_BAD_INPUT) {
    // Exit code 2 is the package's own, after it said what was wrong.
    std::cerr << "error: the chart package failed (" << python << " -m resim_charts, "
              << (WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                    : std::string("killed by a signal"))
              << ")\n";
  }
  return EXIT_BAD_INPUT;
}

}  // namespace

std::string locate_python(const std::string& requested) {
  if (!requested.empty()) return requested;
  if (const std::string from_env = env("RESIM_PYTHON"); !from_env.empty()) return from_env;
  // Debian's interpreter sees Debian's matplotlib and pandas; another python3 first on PATH
  // (a virtualenv, a toolchain's) often does not.
  if (executable("/usr/bin/python3")) return "/usr/bin/python3";
  return "python3";
}

std::string locate_chart_package() {
  if (const std::string from_env = env("RESIM_CHARTS_DIR"); !from_env.empty()) return from_env;
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "resim" / "python";
    if (holds_package(installed)) return installed.string();
  }
#ifdef RESIM_CHARTS_SOURCE_DIR
  if (holds_package(RESIM_CHARTS_SOURCE_DIR)) return RESIM_CHARTS_SOURCE_DIR;
#endif
  return "";
}

int render_report(const std::string& results_path, const std::string& out_dir,
                  const ChartRendererOptions& options) {
  return run_package(options, {"report", results_path, "--out", out_dir, "--top",
                               std::to_string(options.top_causes)});
}

int render_timeline_chart(const std::string& timeline_path, const std::string& chart_path,
                          const ChartRendererOptions& options) {
  return run_package(options, {"replay-chart", timeline_path, "--out", chart_path});
}

}  // namespace resim
