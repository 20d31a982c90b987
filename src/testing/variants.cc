#include "testing/variants.h"

#include <algorithm>
#include <cctype>

namespace cordon::testing {
namespace {

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> w;
  std::string cur;
  for (char c : s) {
    if (c == ' ') {
      if (!cur.empty()) w.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) w.push_back(std::move(cur));
  return w;
}

std::string JoinWords(const std::vector<std::string>& w, std::string_view sep = " ") {
  std::string s;
  for (size_t i = 0; i < w.size(); ++i) s += (i ? std::string(sep) : "") + w[i];
  return s;
}

bool IsAsciiAlpha(const std::string& w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return std::isalpha((unsigned char)c); });
}

size_t Pick(size_t n, std::mt19937_64& rng) {
  return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
}

// Index of a random word of at least `min_len` ASCII letters, or -1.
int TypoWord(const std::vector<std::string>& w, size_t min_len, std::mt19937_64& rng) {
  std::vector<int> ok;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i].size() >= min_len && IsAsciiAlpha(w[i])) ok.push_back(static_cast<int>(i));
  }
  return ok.empty() ? -1 : ok[Pick(ok.size(), rng)];
}

char RandomLetter(std::mt19937_64& rng) { return static_cast<char>('a' + Pick(26, rng)); }

}  // namespace

std::vector<Variant> MakeVariants(std::string_view name, std::mt19937_64& rng) {
  std::vector<Variant> out;
  const std::vector<std::string> w = Words(name);
  if (w.empty()) return out;
  out.push_back({"exact", JoinWords(w)});
  auto typo = [&](const char* cat, auto edit) {
    std::vector<std::string> v = w;
    const int i = TypoWord(v, 4, rng);
    if (i < 0) return;
    std::string& t = v[i];
    edit(t, 1 + Pick(t.size() - 2, rng));  // never the first letter
    out.push_back({cat, JoinWords(v)});
  };
  typo("typo_insert",
       [&](std::string& t, size_t p) { t.insert(t.begin() + p, RandomLetter(rng)); });
  typo("typo_delete", [&](std::string& t, size_t p) { t.erase(p, 1); });
  typo("typo_substitute", [&](std::string& t, size_t p) { t[p] = RandomLetter(rng); });
  typo("typo_transpose", [&](std::string& t, size_t p) { std::swap(t[p - 1], t[p]); });
  typo("double_letter", [&](std::string& t, size_t p) { t.insert(t.begin() + p, t[p]); });
  if (w.size() >= 2) {
    std::vector<std::string> v = w;
    std::rotate(v.begin(), v.end() - 1, v.end());
    out.push_back({"reorder", JoinWords(v)});
    const size_t i = Pick(w.size() - 1, rng);
    v = w;
    v[i] += v[i + 1];
    v.erase(v.begin() + i + 1);
    out.push_back({"missing_space", JoinWords(v)});
    out.push_back({"lower_case_comma", w.back() + ", " + JoinWords({w.begin(), w.end() - 1})});
  }
  if (w.size() >= 3) {
    std::vector<std::string> v = w;
    v.erase(v.begin() + 1 + Pick(w.size() - 2, rng));  // a middle part
    out.push_back({"missing_part", JoinWords(v)});
    v = w;
    if (IsAsciiAlpha(v[0])) {
      v[0] = std::string(1, v[0][0]) + ".";
      out.push_back({"initials", JoinWords(v)});
    }
  }
  out.push_back({"title_noise", "Mr " + JoinWords(w)});
  return out;
}

std::string RandomName(const std::vector<std::string>& words, std::mt19937_64& rng) {
  const size_t n = 2 + Pick(2, rng);
  std::vector<std::string> v;
  for (size_t i = 0; i < n; ++i) v.push_back(words[Pick(words.size(), rng)]);
  return JoinWords(v);
}

}  // namespace cordon::testing
