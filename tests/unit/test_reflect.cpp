#include "rekindle/reflect.hpp"

#include <catch2/catch.hpp>
TEST_CASE("placeholder", "[reflect]") {
    CHECK(rekindle::reflect::hashtags("a #b").size() == 1);
}
