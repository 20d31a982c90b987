// NameIndex::Encode and NameIndex::Decode: the index as bytes, part of the engine's compiled form
// (engine/screener_compiled.cc), in this order:
//   names, vocabulary (per entry: join flag, token (its flags byte has a Hangul bit since
//   normalize/10)), the postings (offsets, names, shares: one array each since index/2),
//   per-name arrays, the
//   three deletion-key tables (directory, fingerprints, entries), then (since index/2) the
//   eight lookup maps in the same form (NameIndex::Map order).
// Everything is read as stored: nothing is rebuilt on load (index/1 stored the glued-noise map
// alone and rebuilt the others key by key: ~2 million keys at a million subjects' names).
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

void NameIndex::PutTable(std::string* out, const KeyTable& t) {
  PutVarint(out, t.bits);
  PutArray(out, t.start);
  PutArray(out, t.fp);
  PutArray(out, t.id);
}

// Every bucket's range inside the keys, keys sorted within it (or a lookup would stop early and
// miss some), every entry below `vocab`. False with r failed on a malformed table, or with r
// still ok (the caller names the problem) on an inconsistent one.
bool NameIndex::GetTable(WireReader* r, uint64_t vocab, KeyTable* t) {
  const uint64_t bits = r->Varint();
  if (!r->ok()) return false;
  if (bits < 1 || bits > 26) return false;
  t->bits = static_cast<int>(bits);
  GetArray(r, &t->start);
  GetArray(r, &t->fp);
  GetArray(r, &t->id);
  if (!r->ok()) return false;
  if (t->start.size() != (size_t{1} << t->bits) + 1 || t->start[0] != 0 ||
      t->start.back() != t->fp.size() || t->fp.size() != t->id.size()) {
    return false;
  }
  for (size_t b = 0; b + 1 < t->start.size(); ++b) {
    if (t->start[b + 1] < t->start[b] || t->start[b + 1] > t->fp.size()) return false;
    for (uint32_t i = t->start[b] + 1; i < t->start[b + 1]; ++i) {
      if (t->fp[i] < t->fp[i - 1]) return false;
    }
  }
  for (uint32_t id : t->id) {
    if (id >= vocab) return false;
  }
  return true;
}

void NameIndex::Encode(std::string* out) const {
  PutVarint(out, names_);
  PutVarint(out, vocab_.size());
  for (const Entry& e : vocab_) {
    out->push_back(e.join ? 1 : 0);
    PutToken(out, e.token);
  }
  PutArray(out, post_off_);
  PutArray(out, postings_);
  PutArray(out, heavier_);
  PutArray(out, token_off_);
  PutArray(out, token_entry_);
  PutArray(out, token_weight_);
  PutArray(out, join_off_);
  PutArray(out, join_entry_);
  for (const KeyTable* t : {&text_keys_, &skeleton_keys_, &nonlatin_skeleton_keys_}) {
    PutTable(out, *t);
  }
  for (const KeyTable& t : maps_) PutTable(out, t);
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
    ix.vocab_.push_back(std::move(e));
  }
  GetArray(r, &ix.post_off_);
  GetArray(r, &ix.postings_);
  GetArray(r, &ix.heavier_);
  if (!r->ok()) return fail("truncated");
  if (ix.post_off_.size() != vocab + 1 || ix.post_off_[0] != 0 ||
      ix.post_off_[vocab] != ix.postings_.size() || ix.heavier_.size() != ix.postings_.size()) {
    return fail("postings of inconsistent sizes");
  }
  for (uint64_t e = 0; e < vocab; ++e) {
    if (ix.post_off_[e + 1] < ix.post_off_[e]) return fail("bad posting offsets");
  }
  for (uint64_t e = 0; e < vocab; ++e) {
    for (uint32_t k = ix.post_off_[e]; k < ix.post_off_[e + 1]; ++k) {
      // A share out of [0, 1] or out of order would make lookups miss names.
      if (ix.postings_[k] >= names || !(ix.heavier_[k] >= 0 && ix.heavier_[k] <= 1) ||
          (k > ix.post_off_[e] && ix.heavier_[k] < ix.heavier_[k - 1])) {
        return fail("posting out of order or range");
      }
    }
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
    if (!GetTable(r, vocab, t)) return fail("bad key table");
  }
  for (KeyTable& t : ix.maps_) {
    if (!GetTable(r, vocab, &t)) return fail("bad lookup map");
  }
  if (!r->ok()) return fail("truncated");
  return ix;
}

}  // namespace cordon::index
