#include "normalize/legal_forms.h"

#include <algorithm>
#include <unordered_set>

#include "core/sha256.h"

namespace cordon::normalize {
namespace {

// Calls fn(kind, form) for each data row of the table.
template <typename Fn>
void ForEachFormRow(std::string_view text, Fn fn) {
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    const size_t t1 = line.find('\t');
    if (t1 == std::string_view::npos) continue;
    const size_t t2 = line.find('\t', t1 + 1);
    fn(line.substr(0, t1), line.substr(t1 + 1, t2 == std::string_view::npos ? t2 : t2 - t1 - 1));
  }
}

std::string_view PrefixKey(std::string_view word) { return word.substr(0, 3); }

// A token against a word of a form: equal, or one edit apart when both have six or more letters
// (score::MaxEdits allows a typo from five letters; the form's other words confirm it).
bool WordMatches(std::string_view token, std::string_view word) {
  if (token == word) return true;
  if (token.size() < 6 || word.size() < 6) return false;
  if (token.size() > word.size() + 1 || word.size() > token.size() + 1) return false;
  return BoundedOsa(token, word, 1) <= 1;
}

}  // namespace

LegalForms LegalForms::Parse(std::string_view text, const Reader& read) {
  LegalForms f;
  std::unordered_set<std::string> seen;
  ForEachFormRow(text, [&](std::string_view kind, std::string_view form) {
    if (kind != "phrase") return;
    std::vector<std::string> words = read(form);
    if (words.size() < 2) return;
    std::string key;
    for (const std::string& w : words) key += w + " ";
    if (!seen.insert(key).second) return;
    f.by_prefix_[std::string(PrefixKey(words[0]))].push_back(
        static_cast<uint32_t>(f.phrases_.size()));
    f.phrases_.push_back(std::move(words));
  });
  f.version_ = VersionOf(text);
  return f;
}

std::string LegalForms::VersionOf(std::string_view text) {
  return text.empty() ? "forms:none" : "forms:" + Sha256Hex(text).substr(0, 12);
}

namespace {

// Matches words[k..] against tokens from tokens[p] (the form started at tokens[i]); see
// LegalForms::MatchAt. Tries a token as one word, then as two words run together.
LegalForms::Match MatchFrom(const std::vector<std::string>& words, size_t k,
                            const std::vector<RawToken>& tokens, size_t i, size_t p) {
  constexpr size_t kMinRest = 3;
  if (k == words.size()) return {p - i, {}};
  if (p == tokens.size()) return {};
  const std::string& t = tokens[p].text;
  if (WordMatches(t, words[k])) {
    LegalForms::Match m = MatchFrom(words, k + 1, tokens, i, p + 1);
    if (m.tokens > 0) return m;
  }
  if (k + 1 < words.size() && WordMatches(t, words[k] + words[k + 1])) {
    LegalForms::Match m = MatchFrom(words, k + 2, tokens, i, p + 1);
    if (m.tokens > 0) return m;
  }
  if (k + 1 == words.size() && p > i && t.size() >= words[k].size() + kMinRest &&
      t.starts_with(words[k])) {
    return {p + 1 - i, t.substr(words[k].size())};
  }
  return {};
}

}  // namespace

LegalForms::Match LegalForms::MatchAt(const std::vector<RawToken>& tokens, size_t i) const {
  if (i >= tokens.size()) return {};
  const auto it = by_prefix_.find(PrefixKey(tokens[i].text));
  if (it == by_prefix_.end()) return {};
  Match best;
  size_t best_words = 0;
  for (const uint32_t p : it->second) {
    const std::vector<std::string>& words = phrases_[p];
    if (words.size() <= best_words) continue;
    Match m = MatchFrom(words, 0, tokens, i, i);
    if (m.tokens == 0) continue;
    best = std::move(m);
    best_words = words.size();
  }
  return best;
}

bool IsTableLegalFormWord(std::string_view token) {
  static const auto* words = [] {
    auto* w = new std::unordered_set<std::string_view>();
    ForEachFormRow(kEmbedded_legal_forms, [&](std::string_view kind, std::string_view form) {
      if (kind == "word") w->insert(form);
    });
    return w;
  }();
  return !token.empty() && words->contains(token);
}

}  // namespace cordon::normalize
