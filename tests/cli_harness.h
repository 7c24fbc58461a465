// Running the resim binary from tests: a scratch directory, shell quoting, captured streams.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cli_harness {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("resim_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& contents) const {
    std::ofstream(path_ / name, std::ios::binary) << contents;
    return file(name);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path_))
      names.push_back(entry.path().filename().string());
    return names;
  }

 private:
  fs::path path_;
};

inline std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs `resim ARGS` (ARGS already shell-quoted where needed), capturing both streams.
inline Outcome resim(const std::string& args) {
  const TempDir capture;
  const std::string command = quoted(RESIM_BINARY) + " " + args + " >" +
                              quoted(capture.file("out")) + " 2>" + quoted(capture.file("err")) +
                              " </dev/null";
  const int status = std::system(command.c_str());
  Outcome outcome;
  outcome.code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.out = slurp(capture.path() / "out");
  outcome.err = slurp(capture.path() / "err");
  return outcome;
}

}  // namespace cli_harness
