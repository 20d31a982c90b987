#include "index/name_index.h"

#include <algorithm>

namespace cordon::index {

using normalize::Token;
using score::JoinSim;
using score::MaxEdits;
using score::TokenSim;

namespace {

std::string EntryKey(const Token& t, bool join) {
  std::string k = join ? "J" : "T";
  k += t.latin_source ? 'L' : 'X';
  k += t.text;
  for (const auto& a : t.alts) k += "|" + a.text + static_cast<char>('0' + int(a.kind));
  return k;
}

uint64_t Hash(std::string_view s) { return std::hash<std::string_view>{}(s); }

// Calls fn(hash) for s and every string made from it by deleting up to k characters.
template <typename Fn>
void Deletions(std::string& s, int k, size_t from, Fn fn) {
  fn(Hash(s));
  if (k == 0) return;
  for (size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    s.erase(i, 1);
    Deletions(s, k - 1, i, fn);
    s.insert(s.begin() + i, c);
  }
}

void AddKeys(std::string_view text, int k, uint32_t id,
             std::vector<std::pair<uint64_t, uint32_t>>* keys) {
  std::string s(text);
  Deletions(s, k, 0, [&](uint64_t h) { keys->emplace_back(h, id); });
}

void SortKeys(std::vector<std::pair<uint64_t, uint32_t>>* keys) {
  std::sort(keys->begin(), keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
  keys->shrink_to_fit();
}

}  // namespace

uint32_t NameIndex::Intern(const Token& t, bool join,
                           std::unordered_map<std::string, uint32_t>* ids) {
  const auto [it, fresh] = ids->emplace(EntryKey(t, join), static_cast<uint32_t>(vocab_.size()));
  if (!fresh) return it->second;
  const uint32_t id = it->second;
  Entry e;
  e.token = t;
  e.join = join;
  vocab_.push_back(std::move(e));
  by_text_[t.text].push_back(id);
  for (const auto& a : t.alts) by_alt_[a.text].push_back(id);
  if (t.skeleton.size() >= 3) by_skeleton_[t.skeleton].push_back(id);
  if (t.group != 0) by_group_[t.group].push_back(id);
  // A list token with a noise word glued to it reaches the name word alone (score::GluedSim).
  if (!join) {
    score::ForEachGluedRest(
        t.text, [&](std::string_view rest) { by_glued_rest_[std::string(rest)].push_back(id); });
  }
  AddKeys(t.text, join ? score::kMaxJoinEdits : MaxEdits(t.text.size()), id, &text_keys_);
  if (t.skeleton.size() >= 4) {
    AddKeys(t.skeleton, 1, id, &skeleton_keys_);
    if (!t.latin_source) AddKeys(t.skeleton, 1, id, &nonlatin_skeleton_keys_);
  }
  return id;
}

NameIndex NameIndex::Build(const std::vector<const score::PreparedName*>& names) {
  NameIndex ix;
  ix.names_ = names.size();
  std::unordered_map<std::string, uint32_t> ids;
  for (uint32_t n = 0; n < names.size(); ++n) {
    const score::PreparedName& p = *names[n];
    for (size_t j = 0; j < p.tokens.size(); ++j) {
      // Initials are not posted: an initial alone never makes a candidate (the scorer gives 0 to a
      // name aligned by initials only).
      if (p.tokens[j].initial()) continue;
      const uint32_t id = ix.Intern(p.tokens[j], false, &ids);
      ix.vocab_[id].postings.push_back({n, uint8_t(j), uint8_t(j + 1)});
    }
    for (size_t j = 0; j < p.joins.size(); ++j) {
      const uint32_t id = ix.Intern(p.joins[j], true, &ids);
      ix.vocab_[id].postings.push_back({n, uint8_t(j), uint8_t(j + 2)});
    }
  }
  SortKeys(&ix.text_keys_);
  SortKeys(&ix.skeleton_keys_);
  SortKeys(&ix.nonlatin_skeleton_keys_);
  return ix;
}

template <typename Fn>
void NameIndex::ReachKeys(const Keys& keys, std::string_view text, int k, Fn fn) {
  std::string s(text);
  Deletions(s, k, 0, [&](uint64_t h) {
    auto it = std::lower_bound(keys.begin(), keys.end(), std::make_pair(h, uint32_t{0}));
    for (; it != keys.end() && it->first == h; ++it) fn(it->second);
  });
}

template <typename Fn>
void NameIndex::Reach(const Token& t, Fn fn) const {
  auto each = [&](const auto& map, std::string_view key) {
    if (const auto it = map.find(key); it != map.end()) {
      for (uint32_t id : it->second) fn(id);
    }
  };
  each(by_text_, t.text);
  each(by_alt_, t.text);
  for (const auto& a : t.alts) {
    each(by_text_, a.text);
    each(by_alt_, a.text);
  }
  if (t.skeleton.size() >= 3) each(by_skeleton_, t.skeleton);
  if (t.group != 0) {
    if (const auto it = by_group_.find(t.group); it != by_group_.end()) {
      for (uint32_t id : it->second) fn(id);
    }
  }
  // Glued noise words (score::GluedSim), both ways: the query token with the noise taken off,
  // and list tokens that are the query token with noise glued on.
  score::ForEachGluedRest(t.text, [&](std::string_view rest) { each(by_text_, rest); });
  each(by_glued_rest_, t.text);
  // Edit distance: up to MaxEdits of the query's length (the pair's allowed edits never exceed
  // it, since they follow the shorter token).
  ReachKeys(text_keys_, t.text, MaxEdits(t.text.size()), fn);
  // One skeleton edit when either side comes from a script without vowels (score::TokenSim).
  if (t.skeleton.size() < 4) return;
  ReachKeys(t.latin_source ? nonlatin_skeleton_keys_ : skeleton_keys_, t.skeleton, 1, fn);
}

void NameIndex::Candidates(const score::PreparedName& q, std::vector<Candidate>* out) const {
  thread_local std::vector<uint32_t> slot;  // name -> 1 + position in *out, 0 if absent
  thread_local std::vector<uint32_t> seen;  // entry -> stamp
  thread_local uint32_t stamp = 0;
  if (slot.size() < names_) slot.assign(names_, 0);
  if (seen.size() < vocab_.size()) seen.assign(vocab_.size(), 0);
  const size_t first = out->size();
  auto mark = [&](uint32_t q_bits, const Posting& p) {
    uint32_t& s = slot[p.name];
    if (s == 0) {
      out->push_back({p.name, 0, 0});
      s = static_cast<uint32_t>(out->size() - first);
    }
    Candidate& c = (*out)[first + s - 1];
    c.q_related |= q_bits;
    c.l_related |=
        static_cast<uint32_t>(((uint64_t{1} << p.end) - 1) & ~((uint64_t{1} << p.begin) - 1));
  };
  auto visit = [&](const Token& t, uint32_t q_bits, bool query_join) {
    if (++stamp == 0) {
      std::fill(seen.begin(), seen.end(), 0);
      stamp = 1;
    }
    Reach(t, [&](uint32_t id) {
      if (seen[id] == stamp) return;
      seen[id] = stamp;
      const Entry& e = vocab_[id];
      if (query_join && e.join) return;  // the scorer never aligns a join with a join
      const bool related =
          (query_join || e.join) ? JoinSim(t, e.token).sim > 0 : TokenSim(t, e.token).sim > 0;
      if (!related) return;
      for (const Posting& p : e.postings) mark(q_bits, p);
    });
  };
  for (size_t i = 0; i < q.tokens.size(); ++i) {
    if (q.tokens[i].initial()) continue;
    visit(q.tokens[i], uint32_t{1} << i, false);
  }
  // Joins of adjacent query tokens, one-letter ones included (score::ScoreName aligns them).
  for (size_t i = 0; i + 1 < q.tokens.size(); ++i) visit(q.joins[i], uint32_t{3} << i, true);
  for (size_t k = first; k < out->size(); ++k) slot[(*out)[k].name] = 0;
}

}  // namespace cordon::index
