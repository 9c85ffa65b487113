# Every dependency is a Debian 12 package. When one is missing, say which package brings it.
macro(rekindle_require package target debian_package)
  find_package(${package} ${ARGN} QUIET)
  if(NOT TARGET ${target})
    message(FATAL_ERROR "rekindle needs ${package}: install the Debian package "
                        "'${debian_package}' (sudo apt-get install ${debian_package}), "
                        "or run 'make deps'")
  endif()
endmacro()

rekindle_require(SQLite3 SQLite::SQLite3 libsqlite3-dev)
rekindle_require(fmt fmt::fmt libfmt-dev)
rekindle_require(CLI11 CLI11::CLI11 libcli11-dev)
rekindle_require(tomlplusplus tomlplusplus::tomlplusplus libtomlplusplus-dev)
rekindle_require(simdjson simdjson::simdjson libsimdjson-dev)

# utf8proc (Unicode data: widths, categories, case folding) ships a pkg-config file only.
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(utf8proc QUIET IMPORTED_TARGET GLOBAL libutf8proc)
endif()
if(NOT TARGET PkgConfig::utf8proc)
  message(FATAL_ERROR "rekindle needs utf8proc: install the Debian packages 'libutf8proc-dev' "
                      "and 'pkg-config' (sudo apt-get install libutf8proc-dev pkg-config), "
                      "or run 'make deps'")
endif()
add_library(utf8proc::utf8proc ALIAS PkgConfig::utf8proc)
if(REKINDLE_BUILD_TESTS)
  rekindle_require(Catch2 Catch2::Catch2 catch2)
endif()

# SQLite and utf8proc are linked statically when their archives are there (Debian's -dev
# packages ship them). Every command is a new process, and each shared library it maps costs
# start-up time: `rekindle status` is meant for a shell's start-up file, where a millisecond
# shows. fmt, toml++ and simdjson ship no archive and stay shared.
option(REKINDLE_STATIC_C_LIBS "link SQLite and utf8proc statically when their archives exist" ON)
find_library(REKINDLE_SQLITE3_ARCHIVE NAMES libsqlite3.a)
find_library(REKINDLE_UTF8PROC_ARCHIVE NAMES libutf8proc.a)
add_library(rekindle_sqlite INTERFACE)
add_library(rekindle_utf8proc INTERFACE)
if(REKINDLE_STATIC_C_LIBS AND REKINDLE_SQLITE3_ARCHIVE AND REKINDLE_UTF8PROC_ARCHIVE)
  find_package(Threads REQUIRED)
  target_link_libraries(rekindle_sqlite INTERFACE ${REKINDLE_SQLITE3_ARCHIVE} Threads::Threads
                        ${CMAKE_DL_LIBS} m)
  target_include_directories(rekindle_sqlite INTERFACE ${SQLite3_INCLUDE_DIRS})
  target_link_libraries(rekindle_utf8proc INTERFACE ${REKINDLE_UTF8PROC_ARCHIVE})
  target_include_directories(rekindle_utf8proc INTERFACE ${utf8proc_INCLUDE_DIRS})
else()
  target_link_libraries(rekindle_sqlite INTERFACE SQLite::SQLite3)
  target_link_libraries(rekindle_utf8proc INTERFACE utf8proc::utf8proc)
endif()
