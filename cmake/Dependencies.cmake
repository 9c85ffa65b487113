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
