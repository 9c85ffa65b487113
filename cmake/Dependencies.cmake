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
if(REKINDLE_BUILD_TESTS)
  rekindle_require(Catch2 Catch2::Catch2 catch2)
endif()
