#include "normalize/translit.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <limits>

#include "core/sha256.h"
#include "core/tsv.h"
#include "normalize/rules.h"
#include "normalize/slot_cache.h"

namespace cordon::normalize {

extern const char kEmbedded_translit[];

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
// An emission the table lacks: dearer than any learned one, dearer still for longer chunks.
constexpr float kUnseenBase = 12.0f;
constexpr float kUnseenPerLetter = 3.0f;
// A bigram the table lacks.
constexpr float kUnseenBigram = 12.0f;
// Only the chunks of a letter within this many bits of its cheapest shape its skeletons.
constexpr float kPieceSpread = 7.0f;

bool IsArabicLetter(char32_t c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F);
}
bool IsCyrillicLetter(char32_t c) { return c >= 0x0400 && c <= 0x04FF; }

std::u32string Decode(std::string_view s) {
  std::u32string out;
  int32_t i = 0;
  const auto n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, n, c);
    if (c < 0) return {};
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

void Append(char32_t c, std::string* out) {
  uint8_t buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(buf, len, 4, static_cast<UChar32>(c), error);
  if (!error) out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(len));
}

// Arabic-script letter variants that romanisations do not tell apart.
char32_t UnifyArabic(char32_t c) {
  switch (c) {
    case 0x0622:  // alif madda
    case 0x0623:  // alif hamza above
    case 0x0625:  // alif hamza below
    case 0x0671:  // alif wasla
      return 0x0627;
    case 0x0649:  // alif maqsura
    case 0x06CC:  // Persian yeh
    case 0x06D0:  // Pashto/Uighur e
      return 0x064A;
    case 0x06A9:  // keheh (Persian kaf)
      return 0x0643;
    case 0x06C1:  // Urdu heh goal
    case 0x06BE:  // heh doachashmee
    case 0x06D5:  // ae
      return 0x0647;
    default: return c;
  }
}

bool ParseBits(std::string_view s, float* out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && *out >= 0 && *out < 64;
}

int LetterIndex(char c) { return c >= 'a' && c <= 'z' ? c - 'a' : -1; }

// What the Latin chunk of a letter written in Arabic script is expected to show (issue 10: "a
// cross-script match needs its consonants and the positions of its long vowels to agree").
// Arabic script leaves short vowels out but writes the long ones, with alif, waw and yeh (the
// ALA-LC and BGN/PCGN Arabic and Persian tables romanise them as long vowels, waw and yeh also
// as the consonants w/v and y), so a written long vowel is a vowel of the Latin spelling too:
//  - alif: a vowel. Not an alif before lam (the article's, silent after a word: "Abdullah" from
//    عبدالله), nor one before waw or yeh (a hamza's seat whose sound the long vowel after it
//    carries: ايران "Iran", اويس "Uwais"), nor the first of Abu (Maghrebi "Bou", "Bu").
//  - waw: o, u, w or v; yeh: i, e, y or j, and at the end of a word also a (alif maqsura, read
//    a, is unified with yeh: موسى "Musa").
//  - a word-final heh or teh marbuta: something (a, ah, e, eh, at, h), never nothing.
//  - lam: something, unless it is an article's (after an alif, not last): that one assimilates
//    to a sun letter ("ash-Sharif") and the engine drops the article from Latin spellings.
// A chunk that does not show it costs kUnwrittenVowelBits more. So حسين (Husayn) is not "Hassan",
// احسن (Ahsan) not "Hassan", حسنه (Husna) not "Hasan" and كمال not the initials "K M A", while a
// spelling in which each written vowel shows aligns as before. The mask holds the Latin letters
// (bit c - 'a') of which the chunk should hold one; kAnyLetter: it should not be empty; 0: free.
constexpr uint32_t kAnyLetter = (1u << 26) - 1;
// What a chunk that does not show its letter's vowel costs, on top of its emission: a price, not
// a ban, so that a long name whose other letters all agree survives one written vowel its Latin
// spelling leaves out (a list's truncated nisba, "Hatef" for هاتفی, or a typo). Set on the train
// and dev splits against the Arabic-script negatives (docs/validation.md, "written vowels"):
// 4 bits kept 3 more train names and 9 more negative alerts than 8; above 8 nothing changed but
// one more dev name lost.
constexpr float kUnwrittenVowelBits = 8.0f;
constexpr uint32_t LatinMask(std::string_view letters) {
  uint32_t m = 0;
  for (char c : letters) m |= 1u << (c - 'a');
  return m;
}
constexpr char32_t kAlif = 0x0627, kLam = 0x0644, kWaw = 0x0648, kYeh = 0x064A, kHeh = 0x0647,
                   kTehMarbuta = 0x0629;

uint32_t WrittenVowelNeed(const std::vector<char32_t>& word, size_t i) {
  const char32_t c = word[i];
  const bool last = i + 1 == word.size();
  const char32_t next = last ? 0 : word[i + 1];
  switch (c) {
    case kAlif:
      if (next == kLam || next == kWaw || next == kYeh) return 0;
      // The Abu of a name begins it (ابوخزيم), and Maghrebi spellings write it Bou/Bu.
      if (i == 0 && word.size() > 3 && next == 0x0628 && word[2] == kWaw) return 0;
      return LatinMask("aeiou");
    case kWaw: return LatinMask("ouwv");
    case kYeh: return last ? LatinMask("iejya") : LatinMask("iejy");
    case kHeh:
    case kTehMarbuta: return last ? kAnyLetter : 0;
    case kLam: return i > 0 && word[i - 1] == kAlif && !last ? 0 : kAnyLetter;
    default: return 0;
  }
}

}  // namespace

std::string TranslitModel::Symbols(std::string_view word) {
  const std::u32string cps = Decode(word);
  std::string out;
  bool arabic = false, cyrillic = false;
  for (char32_t c : cps) {
    if (IsArabicLetter(c)) {
      // Vowel marks, Quranic marks, superscript alif and tatweel are not letters.
      if (u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK || c == 0x0640) continue;
      if (!u_isalpha(static_cast<UChar32>(c))) return {};  // Arabic digits and punctuation
      arabic = true;
      Append(UnifyArabic(c), &out);
    } else if (IsCyrillicLetter(c)) {
      if (!u_isalpha(static_cast<UChar32>(c))) continue;  // combining marks of the block
      cyrillic = true;
      char32_t l = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
      if (l == 0x0451) l = 0x0435;  // ё -> е
      Append(l, &out);
    } else if (u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK || c == 0x200C ||
               c == 0x200D) {
      continue;  // combining marks and joiners
    } else {
      return {};
    }
  }
  if (arabic && cyrillic) return {};
  return out;
}

void TranslitModel::AddChunk(char32_t letter, std::string_view chunk, float bits) {
  auto new_node = [this] {
    TrieNode n;
    n.child.fill(-1);
    n.bits = kPrefixOnly;
    trie_.push_back(n);
    return static_cast<int32_t>(trie_.size() - 1);
  };
  auto [root, fresh] = root_.try_emplace(letter, 0);
  if (fresh) root->second = new_node();
  int32_t node = root->second;
  for (char ch : chunk) {
    const int i = LetterIndex(ch);  // a-z only (Parse checks)
    if (trie_[node].child[i] < 0) {
      const int32_t next = new_node();
      trie_[node].child[i] = next;
    }
    node = trie_[node].child[i];
  }
  trie_[node].bits = bits;
}

TranslitModel TranslitModel::Parse(std::string_view text) {
  TranslitModel m;
  static std::atomic<uint64_t> next_id{1};
  m.id_ = next_id.fetch_add(1);
  for (auto& row : m.bigram_) std::fill(std::begin(row), std::end(row), kUnseenBigram);
  std::unordered_map<char32_t, std::vector<std::pair<std::string, float>>> chunks;
  (void)ForEachDataLine(text, [&](uint64_t, std::string_view line) {
    const std::vector<std::string_view> f = SplitTabs(line);
    float bits = 0;
    if (f.size() != 5 || !ParseBits(f[4], &bits)) {
      ++m.skipped_;
      return absl::OkStatus();
    }
    if (f[0] == "Latn" && f[1] == "b" && f[2].size() == 1 && f[3].size() == 1) {
      const int p = f[2] == "^" ? 26 : LetterIndex(f[2][0]);
      const int n = f[3] == "$" ? 27 : LetterIndex(f[3][0]);
      if (p < 0 || n < 0) {
        ++m.skipped_;
      } else {
        m.bigram_[p][n] = bits;
        m.has_bigrams_ = true;
      }
      return absl::OkStatus();
    }
    const std::u32string letter = Decode(f[2]);
    const std::string_view chunk = f[3] == "-" ? std::string_view() : f[3];
    const bool chunk_ok =
        chunk.size() <= kMaxChunk &&
        std::all_of(chunk.begin(), chunk.end(), [](char c) { return LetterIndex(c) >= 0; });
    const bool arab = f[0] == "Arab" && letter.size() == 1 && IsArabicLetter(letter[0]);
    const bool cyrl = f[0] == "Cyrl" && letter.size() == 1 && IsCyrillicLetter(letter[0]);
    if (f[1] != "e" || !chunk_ok || !(arab || cyrl)) {
      ++m.skipped_;
      return absl::OkStatus();
    }
    m.arabic_ |= arab;
    m.cyrillic_ |= cyrl;
    m.AddChunk(letter[0], chunk, bits);
    chunks[letter[0]].emplace_back(std::string(chunk), bits);
    return absl::OkStatus();
  });
  if (!m.has_bigrams_) {
    for (auto& row : m.bigram_) std::fill(std::begin(row), std::end(row), 4.75f);  // log2(27)
  }
  for (auto& [c, list] : chunks) {
    float floor = kInf;
    for (const auto& [chunk, bits] : list) floor = std::min(floor, bits);
    m.letter_floor_[c] = floor;
    std::vector<Piece>& pieces = m.pieces_[c];
    for (const auto& [chunk, bits] : list) {
      if (bits > floor + kPieceSpread) continue;
      Piece p;
      for (char ch : chunk) {
        if (!IsVowel(ch)) p.consonants.push_back(ch);
      }
      p.empty = chunk.empty();
      p.starts_vowel = !chunk.empty() && IsVowel(chunk[0]);
      p.bits = bits;
      auto same = std::find_if(pieces.begin(), pieces.end(), [&](const Piece& q) {
        return q.consonants == p.consonants && q.empty == p.empty &&
               q.starts_vowel == p.starts_vowel;
      });
      if (same == pieces.end()) {
        pieces.push_back(std::move(p));
      } else {
        same->bits = std::min(same->bits, p.bits);
      }
    }
    std::sort(pieces.begin(), pieces.end(),
              [](const Piece& a, const Piece& b) { return a.bits < b.bits; });
    m.effects_[c] = PieceEffects(pieces);
  }
  if (!text.empty()) {
    Sha256 h;
    h.Update(text);
    m.version_ = "translit:" + h.HexDigest().substr(0, 12);
  }
  return m;
}

const TranslitModel& TranslitModel::Embedded() {
  static const TranslitModel* model = new TranslitModel(Parse(kEmbedded_translit));
  return *model;
}

bool TranslitModel::Covers(std::string_view symbols) const {
  const std::u32string s = Decode(symbols);
  if (s.empty()) return false;
  return IsArabicLetter(s[0]) ? arabic_ : (IsCyrillicLetter(s[0]) && cyrillic_);
}

float TranslitModel::Cost(std::string_view symbols, std::string_view latin) const {
  return Cost(symbols, latin, kInf);
}

float TranslitModel::Cost(std::string_view symbols, std::string_view latin, float max_cost) const {
  // Per thread, so that an alignment allocates nothing once warm.
  thread_local std::vector<int32_t> roots;
  thread_local std::vector<char32_t> letters;
  thread_local std::vector<uint32_t> needs;
  thread_local std::vector<float> dp, next;
  roots.clear();
  letters.clear();
  const auto size = static_cast<int32_t>(symbols.size());
  for (int32_t at = 0; at < size;) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(symbols.data()), at, size, c);
    if (c < 0) return kInf;  // not UTF-8: no alignment, as Decode() says
    letters.push_back(static_cast<char32_t>(c));
    const auto it = root_.find(static_cast<char32_t>(c));
    roots.push_back(it == root_.end() ? -1 : it->second);
  }
  const size_t n = roots.size(), m = latin.size();
  if (n == 0 || m > n * kMaxChunk) return kInf;
  needs.resize(n);
  for (size_t i = 0; i < n; ++i) needs[i] = WrittenVowelNeed(letters, i);
  // dp[j]: cheapest writing of latin[0, j) by the letters so far. States above max_cost are
  // never extended: emissions are not negative, so no alignment through them gets back under.
  dp.assign(m + 1, kInf);
  next.resize(m + 1);
  dp[0] = 0;
  for (size_t i = 0; i < n; ++i) {
    std::fill(next.begin(), next.end(), kInf);
    bool alive = false;
    for (size_t j = 0; j <= m; ++j) {
      if (!(dp[j] <= max_cost)) continue;  // kInf included
      alive = true;
      // The chunk grows a letter at a time down the letter's trie; once no known chunk starts
      // with it, the longer ones are all unseen.
      int32_t node = roots[i];
      uint32_t chunk_letters = 0;  // LatinMask of the chunk so far
      for (size_t len = 0; len <= kMaxChunk && j + len <= m; ++len) {
        if (len > 0) {
          const int li = LetterIndex(latin[j + len - 1]);
          if (li >= 0) chunk_letters |= 1u << li;
          if (node >= 0) {
            node = li < 0 ? -1 : trie_[static_cast<size_t>(node)].child[static_cast<size_t>(li)];
          }
        }
        float bits = kUnseenBase + kUnseenPerLetter * static_cast<float>(len);
        if (node >= 0 && trie_[static_cast<size_t>(node)].bits != kPrefixOnly) {
          bits = trie_[static_cast<size_t>(node)].bits;
        }
        if (needs[i] != 0 && (chunk_letters & needs[i]) == 0) bits += kUnwrittenVowelBits;
        const float c = dp[j] + bits;
        if (c < next[j + len]) next[j + len] = c;
      }
    }
    if (!alive) return kInf;
    dp.swap(next);
  }
  return dp[m];
}

float TranslitModel::BackgroundBits(std::string_view latin) const {
  float bits = 0;
  int prev = 26;
  for (char c : latin) {
    const int i = LetterIndex(c);
    if (i < 0) {
      bits += kUnseenBigram;
      prev = 26;
      continue;
    }
    bits += bigram_[prev][i];
    prev = i;
  }
  return bits + bigram_[prev][27];
}

float TranslitModel::LlrPerLetter(std::string_view symbols, std::string_view latin) const {
  if (latin.empty()) return -kInf;
  const float cost = Cost(symbols, latin);
  if (cost == kInf) return -kInf;
  return (BackgroundBits(latin) - cost) / static_cast<float>(latin.size());
}

float TranslitModel::LlrPerLetterAtLeast(std::string_view symbols, std::string_view latin,
                                         float min_llr, float min_bits) const {
  if (latin.empty()) return -kInf;
  const float background = BackgroundBits(latin);
  const float letters = static_cast<float>(latin.size());
  // A little slack, so that an alignment at the limits is still made and judged by the caller
  // with its own arithmetic.
  const float max_cost = background - std::max(min_llr * letters, min_bits) + 0.01f;
  const float cost = Cost(symbols, latin, max_cost);
  if (!(cost <= max_cost)) return -kInf;
  return (background - cost) / letters;
}

SkeletonSet TranslitModel::Skeletons(std::string_view symbols) const {
  thread_local uint64_t model = 0;
  thread_local SlotCache<SkeletonSet> cache(8192);
  if (model != id_) {
    cache.Clear();
    model = id_;
  }
  return cache.Get(symbols, [&] { return SkeletonSet(ComputeSkeletons(symbols)); });
}

// Per letter of the word: its pieces (cheapest first) and its cheapest emission.
void TranslitModel::LetterPieces(const std::u32string& s, std::vector<LetterStep>* out) const {
  static const std::vector<Piece> kSilent{Piece{.empty = true}};
  static const Effects kSilentEffects = PieceEffects(kSilent);
  out->clear();
  for (char32_t c : s) {
    const auto it = pieces_.find(c);
    if (it == pieces_.end()) {
      out->push_back({&kSilent, &kSilentEffects, 0.0f});
    } else {
      out->push_back({&it->second, &effects_.at(c), letter_floor_.at(c)});
    }
  }
}

std::vector<std::string> TranslitModel::ComputeSkeletons(std::string_view symbols) const {
  const std::u32string s = Decode(symbols);
  if (s.empty()) return {};
  thread_local std::vector<LetterStep> steps;
  LetterPieces(s, &steps);
  std::vector<std::string> out;
  if (PackedBeam(steps, &out)) return out;
  return StringBeam(steps);
}

std::vector<std::string> TranslitModel::ReferenceSkeletonsForTesting(
    std::string_view symbols) const {
  const std::u32string s = Decode(symbols);
  if (s.empty()) return {};
  std::vector<LetterStep> steps;
  LetterPieces(s, &steps);
  return StringBeam(steps);
}

namespace {

// A partial skeleton of the beam packed in two 64-bit words: its letters as 5-bit codes 1..26
// ('a'..'z'), twelve a word, the first letter in the top bits of `hi`. No code is 0, so the
// packing is exact, and comparing (hi, lo) as integers compares the strings (a prefix is
// smaller, as in std::string): the beam's order, merges and cuts are those of StringBeam.
struct PackedSkeleton {
  static constexpr size_t kPerWord = 12;
  static constexpr size_t kMaxLetters = 2 * kPerWord;
  uint64_t hi = 0, lo = 0;
  uint8_t size = 0;
  char back = 0;

  // SkeletonAppend (rules.cc) on the packed form; false when the skeleton would outgrow it.
  bool Append(char c) {
    if (size == 0 && IsVowel(c)) return Push('a');
    if (size != 0 && (IsVowel(c) || c == 'w' || c == 'y')) return true;
    if (c == 'q' || c == 'c') c = 'k';
    if (c == 'v') c = 'w';
    if (c == 'h' && size != 0 && (back == 'g' || back == 'd' || back == 't')) return true;
    if (size != 0 && back == c) return true;
    return Push(c);
  }
  bool Push(char c) {
    if (size == kMaxLetters) return false;
    const uint64_t code = static_cast<unsigned char>(c) - uint64_t{'a' - 1};
    const unsigned shift = 59 - 5 * static_cast<unsigned>(size % kPerWord);
    (size < kPerWord ? hi : lo) |= code << shift;
    ++size;
    back = c;
    return true;
  }
  std::string Letters() const {
    std::string out;
    for (size_t i = 0; i < size; ++i) {
      const uint64_t word = i < kPerWord ? hi : lo;
      const unsigned shift = 59 - 5 * static_cast<unsigned>(i % kPerWord);
      out.push_back(static_cast<char>('a' - 1 + ((word >> shift) & 31)));
    }
    return out;
  }
};

// Partial skeleton -> index in the next beam, for one letter's step: open addressing over the
// packed words; Clear() forgets every entry at once (a new stamp), so a step frees and zeroes
// nothing.
class PackedSlots {
 public:
  // The index held for `sk`, or `fresh` (then held) when none is.
  uint32_t FindOrAdd(const PackedSkeleton& sk, uint32_t fresh) {
    if (2 * (used_ + 1) > cells_.size()) Grow();
    const size_t mask = cells_.size() - 1;
    for (size_t i = Hash(sk.hi, sk.lo) & mask;; i = (i + 1) & mask) {
      Cell& c = cells_[i];
      if (c.stamp != stamp_) {
        c = Cell{sk.hi, sk.lo, fresh, stamp_};
        ++used_;
        return fresh;
      }
      if (c.hi == sk.hi && c.lo == sk.lo) return c.index;
    }
  }
  void Clear() {
    used_ = 0;
    if (++stamp_ == 0) {
      std::fill(cells_.begin(), cells_.end(), Cell{});
      stamp_ = 1;
    }
  }

 private:
  struct Cell {
    uint64_t hi = 0, lo = 0;
    uint32_t index = 0;
    uint32_t stamp = 0;
  };
  // Every bit of both words reaches the low bits the table masks: a short skeleton's letters are
  // all in hi's top bits, and a product alone leaves them out of its low bits (then every short
  // skeleton probed from the same cell).
  static size_t Hash(uint64_t hi, uint64_t lo) {
    uint64_t h = hi ^ (lo * 0xc2b2ae3d27d4eb4fULL);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return static_cast<size_t>(h ^ (h >> 33));
  }
  void Grow() {
    std::vector<Cell> old(std::max<size_t>(1024, 2 * cells_.size()));
    old.swap(cells_);
    const size_t mask = cells_.size() - 1;
    for (const Cell& c : old) {
      if (c.stamp != stamp_) continue;
      size_t i = Hash(c.hi, c.lo) & mask;
      while (cells_[i].stamp == stamp_) i = (i + 1) & mask;
      cells_[i] = c;
    }
  }
  std::vector<Cell> cells_;
  size_t used_ = 0;
  uint32_t stamp_ = 1;
};

}  // namespace

TranslitModel::Effects TranslitModel::PieceEffects(const std::vector<Piece>& pieces) {
  Effects effects;
  for (size_t ctx = 0; ctx < effects.size(); ++ctx) {
    PackedSkeleton start;
    if (ctx != 0) start.Push(static_cast<char>('a' + ctx - 1));
    std::vector<Effect>& list = effects[ctx];
    for (const Piece& p : pieces) {  // cheapest first
      PackedSkeleton sk = start;
      if (!p.empty) {
        if (sk.size == 0 && p.starts_vowel) sk.Append('a');
        for (char l : p.consonants) sk.Append(l);
      }
      const std::string pushed = sk.Letters().substr(start.size);
      Effect e{.bits = p.bits, .size = static_cast<uint8_t>(pushed.size())};
      std::copy(pushed.begin(), pushed.end(), e.letters.begin());
      const bool seen = std::any_of(list.begin(), list.end(), [&](const Effect& q) {
        return std::string_view(q.letters.data(), q.size) == pushed;
      });
      if (!seen) list.push_back(e);
    }
  }
  return effects;
}

// The beam (see StringBeam) over packed partial skeletons: no string is built, hashed or compared
// until the end. Gives StringBeam's answer, or false when a partial skeleton has more letters
// than the packing holds (then StringBeam answers).
bool TranslitModel::PackedBeam(const std::vector<LetterStep>& steps,
                               std::vector<std::string>* out) const {
  struct State {
    PackedSkeleton sk;
    float bits = 0;
  };
  constexpr size_t kBeam = 4 * kMaxSkeletons;
  thread_local std::vector<State> states, next;
  thread_local PackedSlots slot;
  const auto cheaper = [](const State& a, const State& b) {
    if (a.bits != b.bits) return a.bits < b.bits;
    return a.sk.hi != b.sk.hi ? a.sk.hi < b.sk.hi : a.sk.lo < b.sk.lo;
  };
  states.assign(1, State{});
  float cheapest = 0;  // of `states`
  const float budget = SkeletonBudget(steps.size());
  for (const LetterStep& step : steps) {
    const float limit = cheapest + budget;
    next.clear();
    slot.Clear();
    for (const State& st : states) {
      const size_t ctx = st.sk.size == 0 ? 0 : 1 + static_cast<size_t>(st.sk.back - 'a');
      for (const Effect& e : (*step.effects)[ctx]) {
        const float bits = st.bits + e.bits - step.floor;
        if (bits > limit) break;
        PackedSkeleton sk = st.sk;
        for (size_t i = 0; i < e.size; ++i) {
          if (!sk.Push(e.letters[i])) return false;
        }
        const auto fresh = static_cast<uint32_t>(next.size());
        const uint32_t at = slot.FindOrAdd(sk, fresh);
        if (at == fresh) {
          next.push_back(State{.sk = sk, .bits = bits});
        } else if (bits < next[at].bits) {
          next[at].bits = bits;
        }
      }
    }
    // The beam keeps the kBeam first states in this order, a set whatever the order in which
    // they were made; only the last step's states need sorting (the answer takes the cheapest).
    if (next.size() > kBeam) {
      std::nth_element(next.begin(), next.begin() + kBeam, next.end(), cheaper);
      next.resize(kBeam);
    }
    cheapest = next.front().bits;
    for (const State& st : next) cheapest = std::min(cheapest, st.bits);
    states.swap(next);
  }
  std::sort(states.begin(), states.end(), cheaper);
  out->clear();
  for (const State& st : states) {
    if (out->size() >= kMaxSkeletons) break;
    std::string sk = st.sk.Letters();
    SkeletonFinish(&sk);
    if (!sk.empty() && std::find(out->begin(), out->end(), sk) == out->end()) {
      out->push_back(std::move(sk));
    }
  }
  std::sort(out->begin(), out->end());
  return true;
}

std::vector<std::string> TranslitModel::StringBeam(const std::vector<LetterStep>& steps) const {
  // A state: Skeleton() read letter by letter over the romanisation so far (SkeletonAppend), and
  // the cheapest cost of reaching it. States with the same partial skeleton continue alike, so
  // they are merged.
  struct State {
    std::string sk;
    float bits = 0;
  };
  constexpr size_t kBeam = 4 * kMaxSkeletons;
  std::vector<State> states{State{}}, next;
  absl::flat_hash_map<std::string, size_t> slot;  // partial skeleton -> index in next
  const float budget = SkeletonBudget(steps.size());
  for (const LetterStep& step : steps) {
    // Every letter's cheapest piece costs its floor, so the cheapest next state costs what the
    // cheapest state costs now: a step dearer than that by more than the budget would be cut
    // anyway. Pieces come cheapest first, so a state's later pieces are dearer still.
    const float limit = states.front().bits + budget;
    next.clear();
    slot.clear();
    for (const State& st : states) {
      for (const Piece& p : *step.pieces) {
        const float bits = st.bits + p.bits - step.floor;
        if (bits > limit) break;
        std::string sk = st.sk;
        if (!p.empty) {
          if (sk.empty() && p.starts_vowel) SkeletonAppend(&sk, 'a');
          for (char l : p.consonants) SkeletonAppend(&sk, l);
        }
        const auto [at, fresh] = slot.try_emplace(sk, next.size());
        if (fresh) {
          next.push_back(State{.sk = std::move(sk), .bits = bits});
        } else if (bits < next[at->second].bits) {
          next[at->second].bits = bits;
        }
      }
    }
    const auto cheaper = [](const State& a, const State& b) {
      return a.bits != b.bits ? a.bits < b.bits : a.sk < b.sk;
    };
    if (next.size() > kBeam) {
      std::nth_element(next.begin(), next.begin() + kBeam, next.end(), cheaper);
      next.resize(kBeam);
    }
    std::sort(next.begin(), next.end(), cheaper);
    states.swap(next);
  }
  std::vector<std::string> out;
  for (State& st : states) {
    if (out.size() >= kMaxSkeletons) break;
    SkeletonFinish(&st.sk);
    if (!st.sk.empty() && std::find(out.begin(), out.end(), st.sk) == out.end()) {
      out.push_back(std::move(st.sk));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace cordon::normalize
