"""Documentation pages quote code, configuration and templates for the reader.

Regression tests for misfires met on real human documentation pages (a build tool's
manual, a language tutorial): TOML section headers, CI template expressions, format
strings, usage lines with {a|b}, "according to the given calling convention", and a
manual telling the reader to replace <your repo>. The pages here are written for the
tests. The last tests check that the same slots and leaks in running prose still flag.
"""

from __future__ import annotations

import pytest

from spamcheck import Detector

HEAD = ("<html><head><title>{t}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/guide'>Guide</a></nav><main>")
TAIL = "</main><footer>Licensed under MIT or Apache-2.0.</footer></body></html>"

INTRO = (
    "<p>Cross compiling means building a program on one machine that will run on another. "
    "The tool chain needs to know which linker to call for the target, and the simplest way "
    "to tell it is a small entry in the configuration file of your project.</p>"
)

PAGES = {
    "toml_section": (
        "Cross compiling",
        INTRO + "<p>Add the following lines to the configuration file in your home directory:</p>"
        "<pre><code>[target.aarch64-unknown-linux-musl]\nlinker = \"aarch64-linux-musl-gcc\"\n"
        "[target.'cfg(windows)'.dependencies]\nwinhttp = \"0.4\"</code></pre>"
        "<p>After that, a build for the target picks the right linker without further flags. "
        "If the linker is not on your path, give its full location instead of the bare name.</p>",
    ),
    "ci_template": (
        "Continuous integration",
        INTRO + "<p>A workflow that tests every pushed commit on three tool chains looks like this:</p>"
        "<pre><code>jobs:\n  test:\n    strategy:\n      matrix:\n        toolchain: [stable, beta]\n"
        "    steps:\n      - run: rustup update ${{ matrix.toolchain }}\n"
        "      - run: cargo test --verbose</code></pre>"
        "<p>For the sample build file below, be sure to change &lt;your repo&gt; and "
        "&lt;your project&gt; to the names of your own repository and project before you commit it.</p>"
        "<pre><code>sources:\n  - https://git.example.org/&lt;your repo&gt;\ntasks:\n"
        "  - test: cd &lt;your project&gt; &amp;&amp; make check</code></pre>",
    ),
    "format_strings": (
        "Formatted print",
        INTRO + "<p>Named arguments make long format strings easier to read and to change later.</p>"
        "<pre><code>let name = \"Ferris\";\nprintln!(\"Hello, {name}!\");\n"
        "println!(\"{title}: {name}\", title = \"Dr\");</code></pre>"
        "<p>A usage message that lists the accepted sub-commands is printed when the "
        "arguments do not match any of them:</p>"
        "<pre><code>usage:\nmatch_args {increase|decrease} &lt;integer&gt;\n"
        "    Increase or decrease given integer by one.</code></pre>",
    ),
    "calling_convention": (
        "Inline assembly",
        INTRO + "<p>Registers are saved and restored according to the given calling convention: "
        "any register that is not preserved by the callee must be treated as clobbered, and "
        "the compiler will not keep values in it across the call. This matters most for "
        "functions that call back into code written in another language.</p>"
        "<p>Files and directories are included or excluded based on the rules in the "
        "[include] and [exclude] fields, and a [target.x86_64-pc-windows-gnu] table may override them.</p>",
    ),
    "inline_code": (
        "Panic macro consistency",
        INTRO + "<p>Implicit format arguments will make println!(\"hello {name}\") a short-hand for "
        "println!(\"hello {}\", name). However, panic!(\"hello {name}\") would not work as expected, "
        "since the macro does not treat a single argument as a format string.</p>"
        "<p>The lint detects usage of #[target_feature(enable = \"neon\")] on soft-float targets, "
        "where enabling the feature changes the calling convention of every function.</p>",
    ),
    "sample_between_code": (
        "Calling Rust from C",
        "<p>The build tool will produce a shared or a static library, depending on your platform and "
        "settings. Your build system can simply link this library.</p><p>Calling an exported function "
        "from C, however, needs a header file that declares the function signatures.</p><p>Each function "
        "of the exported API needs a matching declaration in the header.</p>"
        "<pre>#[no_mangle] pub extern \"C\" fn exported_function() {}</pre><p>would then become</p>"
        "<pre>void exported_function();</pre><p>etc.</p><p>A tool can automate this process: it reads the "
        "library code and writes headers for C and C++ projects from it.</p><p>From then on, calling the "
        "functions from C is as simple as including the header and calling them.</p>",
    ),
    "formatter_sample": (
        "Formatting fixes",
        INTRO + "<p>The formatter now wraps long string literals the same way in every edition. "
        "Given this input:</p><pre><code>fn main() {\n    let s = \"Lorem ipsum. lorem ipsum. lorem ipsum. "
        "lorem ipsum. lorem ipsum. lorem ipsum.\";\n}</code></pre>"
        "<p>it keeps the literal on one line, because splitting a string would change the program.</p>",
    ),
    # An inline code sample of a prefixed string literal in a paragraph (met on an edition guide
    # page about reserved prefixes; written for the test).
    "prefixed_literal_inline": (
        "Reserved prefixes",
        INTRO + "<p>Prefixes on string literals are reserved, so that a later edition can give them a "
        "meaning. One idea is an interpolated literal: <code>f\"dear {name}\"</code> could stand for "
        "the equivalent <code>format!()</code> call.</p><p>Until then the compiler rejects such a "
        "token and suggests adding a space after the prefix.</p>",
    ),
}

NOT_ON_DOC_PAGES = {"unfilled_placeholder", "prompt_leak", "chatbot_leak", "spintax", "dangling_fragment",
                    "lorem_ipsum"}


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_code_and_explained_slots_on_documentation_pages_are_not_flagged(detector, name):
    title, body = PAGES[name]
    r = detector.score(HEAD.format(t=title) + body + TAIL, doc_id=name)
    wrong = [(f.type, f.text) for f in r.flags if f.type in NOT_ON_DOC_PAGES]
    assert not wrong, wrong
    assert r.label != "spam", r.why


def test_a_slot_left_in_running_prose_still_flags(detector):
    html = HEAD.format(t="Plumbers") + (
        "<p>Looking for a reliable plumber in [city name]? Our certified team at [Company Name] "
        "answers every call within the hour, day or night, and {{title}} has never been easier "
        "to book online. Call [insert phone number] today for a free estimate.</p>"
        "<p>Welcome to {name}, the friendliest plumbing service in the whole county.</p>"
    ) + TAIL
    types = [f.type for f in detector.score(html).flags]
    assert types.count("unfilled_placeholder") >= 4


def test_a_prompt_leak_naming_its_input_still_flags(detector):
    text = (
        "According to the provided information, the museum opened in 1998. Based on the given "
        "keywords, this article covers opening hours, tickets and parking for visitors."
    )
    assert any(f.type == "prompt_leak" for f in detector.score(text).flags)


def test_lorem_ipsum_filler_in_a_page_paragraph_still_flags(detector):
    html = HEAD.format(t="About us") + (
        "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
        "incididunt ut labore et dolore magna aliqua.</p>"
    ) + TAIL
    assert any(f.type == "lorem_ipsum" for f in detector.score(html).flags)


def test_spintax_in_prose_still_flags(detector):
    text = "Our {amazing|incredible|outstanding} service makes your {home|house} shine every week."
    assert any(f.type == "spintax" for f in detector.score(text).flags)
