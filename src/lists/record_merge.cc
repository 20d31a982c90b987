#include "lists/record_merge.h"

#include "core/dates.h"
#include "core/strcat.h"
#include "core/text.h"

namespace cordon::lists {
namespace {

// Trims spaces and the item separators the UK list writes between numbered
// items ("(1) Chad. (2) Sudan", "(1) a, (2) b; ").
std::string TrimItem(std::string_view s) {
  std::string t = CleanSpaces(s);
  while (!t.empty() && (t.back() == '.' || t.back() == ',' || t.back() == ';')) {
    t.pop_back();
  }
  return CleanSpaces(t);
}

// Finds the marker "(n)" at or after `from`; npos if absent.
size_t FindMarker(std::string_view text, int n, size_t from) {
  const std::string marker = StrCat("(", n, ")");
  return text.find(marker, from);
}

}  // namespace

void AddName(Entity* e, Name name) {
  if (name.full.empty()) return;
  for (const Name& n : e->names) {
    if (n.full == name.full && n.kind == name.kind) return;
  }
  e->names.push_back(std::move(name));
}

std::vector<std::string> SplitNumbered(std::string_view text) {
  std::vector<std::string> out;
  const std::string clean = CleanSpaces(text);
  std::string_view t = clean;
  if (!t.starts_with("(1)")) {
    if (std::string item = TrimItem(t); !item.empty()) out.push_back(std::move(item));
    return out;
  }
  // Items are numbered in sequence, so only "(k+1)" ends item k; a "(2019)"
  // inside an item is not a marker.
  size_t start = 3;
  for (int n = 2;; ++n) {
    const size_t next = FindMarker(t, n, start);
    const std::string_view item =
        t.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
    if (std::string trimmed = TrimItem(item); !trimmed.empty()) out.push_back(std::move(trimmed));
    if (next == std::string_view::npos) break;
    start = next + StrCat("(", n, ")").size();
  }
  return out;
}

std::string JoinNonEmpty(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    const std::string c = CleanSpaces(p);
    if (c.empty()) continue;
    if (!out.empty()) out += sep;
    out += c;
  }
  return out;
}

BirthDate MakeBirthDate(std::string_view text) {
  const std::string clean = CleanSpaces(text);
  BirthDate b;
  if (std::optional<BirthDate> parsed = ParseDateText(clean)) b = *parsed;
  b.text = clean;
  return b;
}

std::string IsoDate(std::string_view text) {
  const std::optional<BirthDate> d = ParseDateText(CleanSpaces(text));
  if (!d || d->from != d->to) return "";
  return d->from.ToString();
}

Name MakeName(std::string_view full, NameKind kind, NameStrength strength,
              std::string_view quality_text, std::string_view language) {
  Name n;
  n.full = CleanSpaces(full);
  n.kind = kind;
  n.strength = strength;
  n.quality_text = std::string(quality_text);
  n.script = DetectScript(n.full);
  n.language = CleanSpaces(language);
  return n;
}

void PutPrimaryFirst(Entity* e) {
  if (e->names.empty()) return;
  auto it = std::find_if(e->names.begin(), e->names.end(),
                         [](const Name& n) { return n.kind == NameKind::kPrimary; });
  if (it == e->names.end()) {
    e->names.front().kind = NameKind::kPrimary;
    e->names.front().strength = NameStrength::kStrong;
    return;
  }
  std::rotate(e->names.begin(), it, it + 1);
}

}  // namespace cordon::lists
