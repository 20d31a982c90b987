// Dispatcher: reads files and folders, detects formats, groups multi-file
// sets, calls the loaders and stamps each list with its files and hash.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "cordon/lists.h"
#include "core/sha256.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/loaders.h"

namespace cordon {
namespace fs = std::filesystem;
using lists::SourceFile;

namespace {

constexpr size_t kDetectBytes = 64 * 1024;

struct ReadFile {
  std::string path;
  std::unique_ptr<std::string> bytes;  // stable address for string_views
  ListFormat format = ListFormat::kUnknown;
};

absl::StatusOr<std::unique_ptr<std::string>> ReadWhole(const std::string& path,
                                                       const LoadOptions& o) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return absl::NotFoundError(StrCat(path, ": cannot read: ", ec.message()));
  if (size > o.max_file_bytes) {
    return absl::ResourceExhaustedError(StrCat(path, ": file is ", size,
                                               " bytes, above the limit of ", o.max_file_bytes,
                                               " (LoadOptions::max_file_bytes)"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat(path, ": cannot open"));
  auto data = std::make_unique<std::string>(size, '\0');
  in.read(data->data(), static_cast<std::streamsize>(size));
  if (static_cast<uintmax_t>(in.gcount()) != size) {
    return absl::DataLossError(StrCat(path, ": short read"));
  }
  return data;
}

// Files directly inside `dir`, sorted by name; hidden files and our own
// provenance notes are not lists.
std::vector<std::string> FolderFiles(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name.starts_with(".") || name.ends_with(".md") ||
        name.ends_with(".txt") || name == "LICENSE") {
      continue;
    }
    out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool IsOfacCsvRole(ListFormat f) {
  return f == ListFormat::kOfacCsvPrimary || f == ListFormat::kOfacCsvAlt ||
         f == ListFormat::kOfacCsvAdd || f == ListFormat::kOfacCsvComments;
}

absl::StatusOr<LoadedList> LoadSingle(const SourceFile& f, const LoadOptions& o) {
  switch (f.format) {
    case ListFormat::kUnXml: return lists::LoadUnXml(f, o);
    case ListFormat::kOfacXml: return lists::LoadOfacXml(f, o);
    case ListFormat::kEuFsfXml: return lists::LoadEuFsfXml(f, o);
    case ListFormat::kCanadaSemaXml: return lists::LoadCanadaSemaXml(f, o);
    case ListFormat::kUkSanctionsList: return lists::LoadUkSanctionsList(f, o);
    case ListFormat::kUkConList: return lists::LoadUkConList(f, o);
    case ListFormat::kUaeCsv: return lists::LoadUaeCsv(f, o);
    case ListFormat::kFtmJson: return lists::LoadFtmJson(f, o);
    case ListFormat::kCustomCsv: return lists::LoadCustomCsv(f, o);
    case ListFormat::kCustomJsonl: return lists::LoadCustomJsonl(f, o);
    case ListFormat::kSnapshot:
      return absl::InvalidArgumentError(StrCat(
          f.path, ": is a cordon snapshot; load it with cordon::LoadSources (cordon/sources.h)"));
    default: break;
  }
  return absl::InvalidArgumentError(
      StrCat(f.path,
             ": unknown list format (not UN XML, OFAC CSV/XML, UK, EU FSF, Canada "
             "SEMA, UAE, FollowTheMoney or cordon custom; see docs/formats.md)"));
}

absl::Status CheckLoaded(const LoadedList& l, const LoadOptions& o) {
  // First, so that a list whose every record was unreadable says why.
  if (absl::Status s = lists::CheckSkippedShare(l); !s.ok()) return s;
  if (l.entities.size() > o.max_entities) {
    return absl::ResourceExhaustedError(
        StrCat(l.version.files.empty() ? l.version.list : l.version.files[0], ": ",
               l.entities.size(), " entities, above the limit of ", o.max_entities));
  }
  if (l.entities.empty()) {
    return absl::InvalidArgumentError(
        StrCat(l.version.files.empty() ? l.version.list : l.version.files[0],
               ": the list has no entries (empty or truncated file?)"));
  }
  return absl::OkStatus();
}

// Hash over the bytes of every file of the list, in the order loaded.
void Stamp(LoadedList* l, const std::vector<const ReadFile*>& files) {
  Sha256 h;
  l->version.files.clear();
  for (const ReadFile* f : files) {
    h.Update(*f->bytes);
    l->version.files.push_back(f->path);
  }
  l->version.content_hash = "sha256:" + h.HexDigest();
}

// Loads the OFAC CSV files of one folder (primaries with their companions)
// and appends one list per primary to *out.
absl::Status LoadOfacGroup(const std::vector<const ReadFile*>& group, const LoadOptions& options,
                           std::vector<LoadedList>* out) {
  std::vector<SourceFile> set;
  set.reserve(group.size());
  for (const ReadFile* f : group) set.push_back({f->path, StripBom(*f->bytes), f->format});
  auto loaded = lists::LoadOfacCsvFiles(set, options);
  if (!loaded.ok()) return loaded.status();
  for (LoadedList& l : *loaded) {
    // The loader lists the files it used in version.files; hash those.
    std::vector<const ReadFile*> used;
    for (const std::string& p : l.version.files) {
      for (const ReadFile* f : group) {
        if (f->path == p) used.push_back(f);
      }
    }
    Stamp(&l, used);
    if (absl::Status s = CheckLoaded(l, options); !s.ok()) return s;
    out->push_back(std::move(l));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LoadedList> LoadListFromBytes(std::string_view name, std::string_view bytes,
                                             const LoadOptions& options) {
  if (bytes.size() > options.max_file_bytes) {
    return absl::ResourceExhaustedError(StrCat(name, ": input above the size limit"));
  }
  if (absl::Status s = ValidateUtf8(name, bytes); !s.ok()) return s;
  SourceFile f{std::string(name), StripBom(bytes), ListFormat::kUnknown};
  if (f.bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return absl::InvalidArgumentError(StrCat(name, ": the file is empty"));
  }
  f.format = DetectListFormat(f.bytes.substr(0, kDetectBytes));
  absl::StatusOr<LoadedList> l;
  if (IsOfacCsvRole(f.format)) {
    auto set = lists::LoadOfacCsvFiles({f}, options);
    if (!set.ok()) return set.status();
    if (set->size() != 1) return absl::InvalidArgumentError(StrCat(name, ": not one list"));
    l = std::move((*set)[0]);
  } else {
    l = LoadSingle(f, options);
  }
  if (!l.ok()) return l.status();
  l->version.files = {std::string(name)};
  l->version.content_hash = "sha256:" + Sha256Hex(bytes);
  if (absl::Status s = CheckLoaded(*l, options); !s.ok()) return s;
  return l;
}

absl::StatusOr<std::vector<LoadedList>> LoadLists(const std::vector<std::string>& paths,
                                                  const LoadOptions& options) {
  std::vector<ReadFile> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      const auto inside = FolderFiles(p);
      if (inside.empty()) return absl::NotFoundError(StrCat(p, ": folder has no files"));
      for (const auto& f : inside) files.push_back({f, nullptr});
    } else if (fs::exists(p, ec)) {
      files.push_back({p, nullptr});
    } else {
      return absl::NotFoundError(StrCat(p, ": no such file or folder"));
    }
  }
  for (ReadFile& f : files) {
    auto bytes = ReadWhole(f.path, options);
    if (!bytes.ok()) return bytes.status();
    f.bytes = std::move(*bytes);
    // A snapshot is binary: say what it is before the UTF-8 check refuses it.
    if (DetectListFormat(f.bytes->substr(0, 8)) == ListFormat::kSnapshot) {
      return LoadSingle({f.path, *f.bytes, ListFormat::kSnapshot}, options).status();
    }
    if (absl::Status s = ValidateUtf8(f.path, *f.bytes); !s.ok()) return s;
    const std::string_view body = StripBom(*f.bytes);
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return absl::InvalidArgumentError(StrCat(f.path, ": the file is empty"));
    }
    f.format = DetectListFormat(body.substr(0, kDetectBytes));
  }

  // OFAC legacy CSV roles are grouped per folder and load together where the
  // group's first file stands; everything else loads alone. Lists come out
  // in the order their files were given.
  std::map<std::string, std::vector<const ReadFile*>> ofac_groups;
  for (const ReadFile& f : files) {
    if (IsOfacCsvRole(f.format)) ofac_groups[fs::path(f.path).parent_path().string()].push_back(&f);
  }
  std::vector<LoadedList> out;
  for (const ReadFile& f : files) {
    if (IsOfacCsvRole(f.format)) {
      const auto group = ofac_groups.find(fs::path(f.path).parent_path().string());
      if (group->second.front() != &f) continue;  // loaded with its group
      if (absl::Status s = LoadOfacGroup(group->second, options, &out); !s.ok()) return s;
      continue;
    }
    SourceFile sf{f.path, StripBom(*f.bytes), f.format};
    auto l = LoadSingle(sf, options);
    if (!l.ok()) return l.status();
    Stamp(&*l, {&f});
    if (absl::Status s = CheckLoaded(*l, options); !s.ok()) return s;
    out.push_back(std::move(*l));
  }
  return out;
}

absl::StatusOr<std::string> DefaultDataDir() {
  std::error_code ec;
  if (const char* env = std::getenv("CORDON_DATA_DIR"); env != nullptr && *env != '\0') {
    if (!fs::is_directory(env, ec)) {
      return absl::NotFoundError(StrCat("CORDON_DATA_DIR: ", env, ": no such folder"));
    }
    return std::string(env);
  }
  // The installed layout: <prefix>/bin/cordon beside <prefix>/share/cordon. The build tree
  // offers the same layout (CMakeLists.txt links <build>/share/cordon to the source data/), so
  // no path of the machine that built the program is compiled in. canonical() follows a symbolic
  // link to the program (/usr/local/bin/cordon -> /opt/cordon/bin/cordon) to where it is.
  const fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) return absl::NotFoundError(StrCat("cannot resolve /proc/self/exe: ", ec.message()));
  const fs::path dir = (exe.parent_path().parent_path() / "share" / "cordon").lexically_normal();
  if (!fs::is_directory(dir, ec)) {
    return absl::NotFoundError(StrCat(
        "no data folder: ", dir.string(), " does not exist (cordon looks for its bundled ",
        "lists and tables in <prefix>/share/cordon beside <prefix>/bin/", exe.filename().string(),
        "; set CORDON_DATA_DIR to the data folder, or name lists with --lists)"));
  }
  return dir.string();
}

absl::StatusOr<std::vector<std::string>> DefaultListPaths() {
  absl::StatusOr<std::string> data = DefaultDataDir();
  if (!data.ok()) return data.status();
  std::vector<std::string> out;
  const fs::path root = fs::path(*data) / "lists";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    if (e.is_directory()) out.push_back(e.path().string());
  }
  if (ec) return absl::NotFoundError(StrCat(root.string(), ": ", ec.message()));
  if (out.empty()) return absl::NotFoundError(StrCat(root.string(), ": no list folders"));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace cordon
