// Bytes for the state that crosses processes (MPI ranks, sim/cluster.h): values of trivially
// copyable types and vectors of them, in the machine's own representation, so that a value read
// back is bit for bit the one written. The processes of one run share an architecture.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace resim {

class ByteWriter {
 public:
  template <typename T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const char*>(&value);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  template <typename T>
  void put_vector(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    put(static_cast<std::uint64_t>(values.size()));
    const auto* p = reinterpret_cast<const char*>(values.data());
    bytes_.insert(bytes_.end(), p, p + values.size() * sizeof(T));
  }
  void put_string(const std::string& text) {
    put(static_cast<std::uint64_t>(text.size()));
    bytes_.insert(bytes_.end(), text.begin(), text.end());
  }
  std::vector<char>& bytes() { return bytes_; }

 private:
  std::vector<char> bytes_;
};

// Throws std::runtime_error when asked for more than the bytes hold (a truncated message).
class ByteReader {
 public:
  ByteReader(const char* data, std::size_t size) : data_(data), size_(size) {}
  explicit ByteReader(const std::vector<char>& bytes) : ByteReader(bytes.data(), bytes.size()) {}

  template <typename T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value;
    std::memcpy(&value, take(sizeof(T)), sizeof(T));
    return value;
  }
  template <typename T>
  void get_vector(std::vector<T>& values) {
    const auto n = static_cast<std::size_t>(get<std::uint64_t>());
    values.resize(n);
    if (n > 0) std::memcpy(values.data(), take(n * sizeof(T)), n * sizeof(T));
  }
  void get_string(std::string& text) {
    const auto n = static_cast<std::size_t>(get<std::uint64_t>());
    text.assign(take(n), n);
  }
  bool done() const { return offset_ == size_; }

 private:
  const char* take(std::size_t n) {
    if (n > size_ - offset_) throw std::runtime_error("a message between processes was truncated");
    const char* at = data_ + offset_;
    offset_ += n;
    return at;
  }

  const char* data_;
  std::size_t size_;
  std::size_t offset_ = 0;
};

}  // namespace resim
