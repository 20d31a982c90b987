// The API keys file (api.h ParseKeysFile) and key hashing.
#include <openssl/rand.h>

#include <cctype>

#include "core/sha256.h"
#include "core/strcat.h"
#include "service/api.h"
#include "service/http.h"

namespace cordon::service {

namespace {

// A key shorter than this is guessable by brute force even through an HTTP API.
constexpr size_t kMinKeyLength = 16;

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

bool IsSha256Hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

absl::StatusOr<uint32_t> ParseRoles(std::string_view text) {
  uint32_t roles = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view role = text.substr(start, comma - start);
    start = comma + 1;
    if (role == "screen") {
      roles |= static_cast<uint32_t>(Role::kScreen);
    } else if (role == "admin") {
      roles |= static_cast<uint32_t>(Role::kAdmin);
    } else if (role == "analyst") {
      roles |= static_cast<uint32_t>(Role::kAnalyst);
    } else if (role == "supervisor") {
      roles |= static_cast<uint32_t>(Role::kSupervisor);
    } else {
      return absl::InvalidArgumentError(
          StrCat("unknown role \"", role, "\" (roles are screen, admin, analyst and supervisor)"));
    }
  }
  if (roles == 0) return absl::InvalidArgumentError("no role");
  return roles;
}

}  // namespace

absl::StatusOr<std::vector<ApiKey>> ParseKeysFile(std::string_view name, std::string_view text) {
  std::vector<ApiKey> keys;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::vector<std::string_view> w = Words(line);
    if (w.empty() || w[0].starts_with("#")) continue;
    auto fail = [&](std::string_view why) {
      return absl::InvalidArgumentError(StrCat(name, ":", line_no, ": ", why));
    };
    if (w.size() != 3) return fail("expected \"<name> <sha256-hex> <roles>\"");
    if (!IsSha256Hex(w[1])) return fail("the key hash is not 64 lower-case hex digits");
    absl::StatusOr<uint32_t> roles = ParseRoles(w[2]);
    if (!roles.ok()) return fail(StatusText(roles.status()));
    for (const ApiKey& k : keys) {
      if (k.name == w[0]) return fail(StrCat("key name \"", w[0], "\" used twice"));
    }
    keys.push_back({std::string(w[0]), std::string(w[1]), *roles});
  }
  if (keys.empty()) return absl::InvalidArgumentError(StrCat(name, ": no keys"));
  return keys;
}

absl::StatusOr<std::string> KeyFileLine(std::string_view name, std::string_view key,
                                        std::string_view roles) {
  if (name.empty() || name.find_first_of(" \t\r\n#") != std::string_view::npos) {
    return absl::InvalidArgumentError("key name: empty or contains white space or '#'");
  }
  if (key.size() < kMinKeyLength) {
    return absl::InvalidArgumentError(StrCat("key: shorter than ", kMinKeyLength, " characters"));
  }
  for (char c : key) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError("key: contains white space");
    }
  }
  if (absl::StatusOr<uint32_t> r = ParseRoles(roles); !r.ok()) {
    return absl::InvalidArgumentError(StrCat("roles: ", StatusText(r.status())));
  }
  return StrCat(name, " ", Sha256Hex(key), " ", roles);
}

absl::StatusOr<std::string> NewApiKey() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return absl::InternalError("RAND_bytes failed: no random source");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

}  // namespace cordon::service
