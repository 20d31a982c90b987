// NameIndex::Encode and NameIndex::Decode: the index as bytes, part of the engine's compiled form
// (engine/screener_compiled.cc), in this order:
//   names, vocabulary (per entry: join flag, token (its flags byte has a Hangul bit since
//   normalize/10), postings and shares), per-name arrays, the
//   three deletion-key tables (directory, fingerprints, entries), the glued-noise map.
// The text and alternative-spelling maps are rebuilt from the vocabulary on load (one hash insert
// per key, no normalisation, no deletion neighbourhoods); everything else is read as stored.
// Decode treats its input as hostile: every array a query reads is checked once here, so that
// Candidates() needs no checks.
#include <algorithm>
#include <functional>

#include "core/arrays.h"
#include "core/strcat.h"
#include "index/name_index.h"
#include "normalize/rules.h"

namespace cordon::index {

using normalize::Token;

namespace {

void PutToken(std::string* out, const Token& t) {
  PutString(out, t.text);
  PutString(out, t.skeleton);
  PutVarint(out, t.alts.size());
  for (const normalize::Alt& a : t.alts) {
    PutString(out, a.text);
    out->push_back(static_cast<char>(a.kind));
  }
  PutVarint(out, t.group);
  // Bit 0: latin_source; bit 1: hangul (normalize/10).
  out->push_back(static_cast<char>((t.latin_source ? 1 : 0) | (t.hangul ? 2 : 0)));
  PutString(out, t.source);
  // The skeletons as sorted strings, as before they were keyed (the same bytes; the keys are
  // made again on load).
  const std::vector<std::string> skeletons = t.skeletons.Strings();
  PutVarint(out, skeletons.size());
  for (const std::string& k : skeletons) PutString(out, k);
}

Token GetToken(WireReader* r) {
  Token t;
  t.text = GetString(r);
  t.skeleton = GetString(r);
  const uint64_t alts = r->Count(2);
  for (uint64_t i = 0; i < alts && r->ok(); ++i) {
    normalize::Alt a;
    a.text = GetString(r);
    const uint8_t kind = r->Byte();
    if (kind > static_cast<uint8_t>(normalize::AltKind::kArticle)) r->Fail("unknown spelling kind");
    a.kind = static_cast<normalize::AltKind>(kind);
    if (a.kind == normalize::AltKind::kArticle) a.skeleton = normalize::Skeleton(a.text);
    t.alts.push_back(std::move(a));
  }
  const uint64_t group = r->Varint();
  if (group > UINT32_MAX) r->Fail("variant group out of range");
  t.group = static_cast<uint32_t>(group);
  const uint8_t latin = r->Byte();
  if (latin > 3) r->Fail("bad token flags");
  t.latin_source = (latin & 1) != 0;
  t.hangul = (latin & 2) != 0;
  t.source = GetString(r);
  const uint64_t count = r->Count(1);
  std::vector<std::string> skeletons;
  for (uint64_t i = 0; i < count && r->ok(); ++i) skeletons.push_back(GetString(r));
  // Sorted, as Encode writes them.
  if (std::adjacent_find(skeletons.begin(), skeletons.end(), std::greater<>()) != skeletons.end()) {
    r->Fail("unsorted skeletons");
  }
  t.skeletons = normalize::SkeletonSet(skeletons);
  if (t.text.empty() && r->ok()) r->Fail("empty token");
  return t;
}

}  // namespace

void NameIndex::Encode(std::string* out) const {
  PutVarint(out, names_);
  PutVarint(out, vocab_.size());
  for (const Entry& e : vocab_) {
    out->push_back(e.join ? 1 : 0);
    PutToken(out, e.token);
    PutArray(out, e.postings);
    PutArray(out, e.heavier);
  }
  PutArray(out, token_off_);
  PutArray(out, token_entry_);
  PutArray(out, token_weight_);
  PutArray(out, join_off_);
  PutArray(out, join_entry_);
  for (const KeyTable* t : {&text_keys_, &skeleton_keys_, &nonlatin_skeleton_keys_}) {
    PutVarint(out, t->bits);
    PutArray(out, t->start);
    PutArray(out, t->fp);
    PutArray(out, t->id);
  }
  // The glued-noise map is stored: rebuilding it means classifying every token's parts.
  std::vector<std::pair<std::string_view, const Ids*>> glued;
  for (const auto& [rest, ids] : by_glued_rest_) glued.emplace_back(rest, &ids);
  std::sort(glued.begin(), glued.end());
  PutVarint(out, glued.size());
  for (const auto& [rest, ids] : glued) {
    PutString(out, rest);
    PutArray(out, *ids);
  }
}

absl::StatusOr<NameIndex> NameIndex::Decode(WireReader* r) {
  NameIndex ix;
  auto fail = [&](std::string_view why) {
    r->Fail(why);
    return absl::DataLossError(StrCat("matching index: ", r->error()));
  };
  const uint64_t names = r->Varint();
  if (names >= UINT32_MAX) return fail("name count out of range");
  ix.names_ = names;
  const uint64_t vocab = r->Count(4);
  ix.vocab_.reserve(vocab);
  for (uint64_t i = 0; i < vocab && r->ok(); ++i) {
    Entry e;
    const uint8_t join = r->Byte();
    if (join > 1) return fail("bad join flag");
    e.join = join == 1;
    e.token = GetToken(r);
    GetArray(r, &e.postings);
    GetArray(r, &e.heavier);
    if (e.heavier.size() != e.postings.size()) return fail("postings and shares differ in size");
    for (size_t k = 0; k < e.postings.size(); ++k) {
      // A share out of [0, 1] or out of order would make lookups miss names.
      if (e.postings[k] >= names || !(e.heavier[k] >= 0 && e.heavier[k] <= 1) ||
          (k > 0 && e.heavier[k] < e.heavier[k - 1])) {
        return fail("posting out of order or range");
      }
    }
    ix.vocab_.push_back(std::move(e));
  }
  GetArray(r, &ix.token_off_);
  GetArray(r, &ix.token_entry_);
  GetArray(r, &ix.token_weight_);
  GetArray(r, &ix.join_off_);
  GetArray(r, &ix.join_entry_);
  if (!r->ok()) return fail("truncated");
  // Every array a query reads is checked here once, so that Candidates() needs no checks.
  if (ix.token_off_.size() != names + 1 || ix.join_off_.size() != names + 1 ||
      ix.token_weight_.size() != ix.token_entry_.size() || ix.token_off_[0] != 0 ||
      ix.join_off_[0] != 0 || ix.token_off_[names] != ix.token_entry_.size() ||
      ix.join_off_[names] != ix.join_entry_.size()) {
    return fail("per-name arrays of inconsistent sizes");
  }
  for (uint64_t n = 0; n < names; ++n) {
    const uint32_t t = ix.token_off_[n + 1] - ix.token_off_[n];
    const uint32_t j = ix.join_off_[n + 1] - ix.join_off_[n];
    if (ix.token_off_[n + 1] < ix.token_off_[n] || ix.join_off_[n + 1] < ix.join_off_[n] ||
        t > score::kMaxTokens || j != (t == 0 ? 0 : t - 1)) {
      return fail("bad token offsets");
    }
  }
  ix.token_first_.reserve(ix.token_entry_.size());
  for (uint32_t id : ix.token_entry_) {
    if (id >= vocab || ix.vocab_[id].join) return fail("token entry out of range");
    const Token& t = ix.vocab_[id].token;
    ix.token_first_.push_back(FirstCode(t));
  }
  for (uint32_t id : ix.join_entry_) {
    if (id >= vocab || !ix.vocab_[id].join) return fail("join entry out of range");
  }
  for (KeyTable* t : {&ix.text_keys_, &ix.skeleton_keys_, &ix.nonlatin_skeleton_keys_}) {
    const uint64_t bits = r->Varint();
    if (bits < 1 || bits > 26) return fail("bad key directory size");
    t->bits = static_cast<int>(bits);
    GetArray(r, &t->start);
    GetArray(r, &t->fp);
    GetArray(r, &t->id);
    if (!r->ok() || t->start.size() != (size_t{1} << t->bits) + 1 || t->start[0] != 0 ||
        t->start.back() != t->fp.size() || t->fp.size() != t->id.size()) {
      return fail("bad key table");
    }
    for (size_t b = 0; b + 1 < t->start.size(); ++b) {
      if (t->start[b + 1] < t->start[b] || t->start[b + 1] > t->fp.size()) {
        return fail("bad key directory");
      }
      // Sorted within each bucket, or lookups would stop early and miss keys.
      for (uint32_t i = t->start[b] + 1; i < t->start[b + 1]; ++i) {
        if (t->fp[i] < t->fp[i - 1]) return fail("keys out of order");
      }
    }
    for (uint32_t id : t->id) {
      if (id >= vocab) return fail("key entry out of range");
    }
  }
  const uint64_t glued = r->Count(2);
  ix.by_glued_rest_.reserve(glued);
  for (uint64_t i = 0; i < glued && r->ok(); ++i) {
    std::string rest = GetString(r);
    Ids ids;
    GetArray(r, &ids);
    for (uint32_t id : ids) {
      if (id >= vocab) return fail("glued entry out of range");
    }
    ix.by_glued_rest_[std::move(rest)] = std::move(ids);
  }
  if (!r->ok()) return fail("truncated");
  ix.FillMaps();
  return ix;
}

}  // namespace cordon::index
