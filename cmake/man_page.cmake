# Writes cordon(1) from the program's own help (Debian help2man), at build time:
#   cmake -DCORDON=<cordon> -DHELP2MAN=<help2man> -DOUT=<cordon.1> -P cmake/man_page.cmake
# The top-level --help and --version make the NAME, SYNOPSIS, DESCRIPTION and VERSION sections;
# every subcommand's --help (and that of its own subcommands, e.g. `lists show`) is added as a
# COMMANDS section, so the page documents every option the CLI has.
execute_process(COMMAND "${CORDON}" --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${CORDON} --help failed (${rc})")
endif()
# `cordon --version` prints three lines (version, normaliser, commit): help2man takes the version
# from the first and the page gets all three in a VERSION section.
execute_process(COMMAND "${CORDON}" --version OUTPUT_VARIABLE version_text RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT version_text MATCHES "^cordon ([^\n]+)\n")
  message(FATAL_ERROR "${CORDON} --version failed (${rc}): ${version_text}")
endif()
set(version "${CMAKE_MATCH_1}")

# CLI11 lists subcommands as "  name   description" lines after "SUBCOMMANDS:".
function(subcommands help out)
  set(names)
  string(REGEX REPLACE "^.*\n[Ss][Uu][Bb][Cc][Oo][Mm][Mm][Aa][Nn][Dd][Ss]:\n" "" tail "${help}")
  if(tail STREQUAL help)
    set(${out} "" PARENT_SCOPE)
    return()
  endif()
  string(REPLACE "\n" ";" lines "${tail}")
  foreach(line ${lines})
    if(line MATCHES "^  ([a-z][a-z0-9-]*)( |$)")
      list(APPEND names "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

# CLI11's usage lines name the program by the path it was started as: the man page says cordon.
function(roff_text text out)
  string(REPLACE "${CORDON}" "cordon" text "${text}")
  roff_escape("${text}" text)
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# roff: a leading '.' or '\'' would be read as a request; backslashes as escapes.
function(roff_escape text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

set(include "[COMMANDS]\n")
subcommands("${top}" commands)
if(NOT commands)
  message(FATAL_ERROR "no subcommands found in `${CORDON} --help`")
endif()
foreach(cmd ${commands})
  execute_process(COMMAND "${CORDON}" ${cmd} --help OUTPUT_VARIABLE help)
  subcommands("${help}" subs)
  roff_text("${help}" text)
  string(APPEND include ".SS \"cordon ${cmd}\"\n.nf\n${text}.fi\n")
  foreach(sub ${subs})
    execute_process(COMMAND "${CORDON}" ${cmd} ${sub} --help OUTPUT_VARIABLE help)
    roff_text("${help}" text)
    string(APPEND include ".SS \"cordon ${cmd} ${sub}\"\n.nf\n${text}.fi\n")
  endforeach()
endforeach()
roff_escape("${version_text}" text)
string(APPEND include "[VERSION]\n.nf\n${text}.fi\n"
  "The normalizer version names the matching rules and the knowledge tables compiled in; every\n"
  "hit's explanation carries it.\n")
string(APPEND include "[FILES]\n"
  ".TP\n.I /etc/cordon/cordon.toml\nSettings of \\fBcordon serve\\fR as run by cordon.service.\n"
  ".TP\n.I /etc/cordon/keys.txt\nAPI keys (hashed) of the service.\n"
  ".TP\n.I /usr/share/cordon\nThe bundled lists, name corpora and tables (or \\fB$CORDON_DATA_DIR\\fR).\n"
  ".TP\n.I /var/lib/cordon\nThe service's state: list store and case database.\n"
  "[ENVIRONMENT]\n.TP\n.B CORDON_DATA_DIR\n"
  "The data folder; default: share/cordon beside the program's prefix.\n")
file(WRITE "${OUT}.include" "${include}")
execute_process(
  COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --section=1 "--version-string=${version}"
          "--name=screen names, payments and manifests against sanctions and terrorist watchlists"
          "--include=${OUT}.include" --output=${OUT} "${CORDON}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed (${rc})")
endif()
