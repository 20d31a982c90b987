// SHA-256 of byte strings, for list content hashes and snapshot checksums.
#ifndef CORDON_CORE_SHA256_H_
#define CORDON_CORE_SHA256_H_

#include <string>
#include <string_view>

namespace cordon {

// Incremental SHA-256 (OpenSSL EVP). Not thread-safe; one per thread.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  // Lower-case hex digest; the object must not be updated afterwards.
  std::string HexDigest();

 private:
  void* ctx_;  // EVP_MD_CTX*
};

// One-shot helper: lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace cordon

#endif  // CORDON_CORE_SHA256_H_
