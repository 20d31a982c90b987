// `cordon normalize`: how the engine reads a name (tokens, skeletons, the letters the
// transliteration model sees, dropped words), one JSON object a name. For explaining a match or
// a miss, and the input of tools/learn_translit.py.
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "normalize/normalizer.h"

namespace cordon::cli {
namespace {

using nlohmann::json;

json TokenJson(const normalize::Token& t) {
  json j = {{"text", t.text}, {"skeleton", t.skeleton}, {"latin_source", t.latin_source}};
  if (t.group != 0) j["variant_group"] = t.group;
  if (!t.alts.empty()) {
    json alts = json::array();
    for (const normalize::Alt& a : t.alts) alts.push_back(a.text);
    j["alternatives"] = alts;
  }
  if (t.syllabic()) j["hangul"] = true;
  if (!t.source.empty()) {
    j["source"] = t.source;
    j["source_skeletons"] = t.skeletons.Strings();
  }
  return j;
}

int RunNormalize(const std::string& input, const std::vector<std::string>& names) {
  auto n = normalize::Normalizer::Shared();
  if (!n.ok()) {
    std::cerr << "cordon normalize: " << n.status().message() << "\n";
    return 1;
  }
  auto emit = [&](const std::string& name) {
    const normalize::NormalizedName x = (*n)->Normalize(name);
    json tokens = json::array();
    for (const normalize::Token& t : x.tokens) tokens.push_back(TokenJson(t));
    const json out = {
        {"name", name}, {"script", x.script}, {"tokens", tokens}, {"dropped", x.dropped}};
    std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  };
  if (!input.empty()) {
    std::ifstream in(input);
    if (!in) {
      std::cerr << "cordon normalize: cannot read " << input << "\n";
      return 1;
    }
    for (std::string line; std::getline(in, line);) emit(line);
  }
  for (const std::string& name : names) emit(name);
  return 0;
}

}  // namespace

void RegisterNormalizeCommand(CLI::App& app, int* exit_code) {
  auto input = std::make_shared<std::string>();
  auto names = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand(
      "normalize", "Show how the engine reads names: tokens, skeletons, transliteration letters");
  cmd->add_option("--input", *input, "A file of names, one a line (- for standard input)");
  cmd->add_option("names", *names, "Names");
  cmd->callback([=] { *exit_code = RunNormalize(*input == "-" ? "/dev/stdin" : *input, *names); });
}

}  // namespace cordon::cli
