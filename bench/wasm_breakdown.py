"""Where the browser bundle's bytes go: the code of the unoptimised wasm (rustc's output, which still has its
name section) added up by the crate each function comes from.

wasm-opt then shrinks the whole and drops the names, so the shares, not the sizes, carry over to the shipped
file. A generic instantiated for one of our views (`<T as tachys::view::IntoAny>::into_any` for a component's
view type) counts for the crate of the trait or type it implements, as that is the code it is.
"""

import re
import sys
from collections import Counter
from pathlib import Path


def _leb(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _functions(data: bytes) -> tuple[list[int], dict[int, str], int, int]:
    """(body size of each defined function, function names by index, imported functions, data bytes)."""
    i, sizes, names, imported, data_bytes = 8, [], {}, 0, 0
    while i < len(data):
        section, i = data[i], i + 1
        size, i = _leb(data, i)
        start, end = i, i + size
        if section == 0:  # custom: only the name section matters
            length, j = _leb(data, i)
            if data[j:j + length] == b"name":
                j += length
                while j < end:
                    kind, j = data[j], j + 1
                    sub, j = _leb(data, j)
                    if kind == 1:  # function names
                        count, k = _leb(data, j)
                        for _ in range(count):
                            index, k = _leb(data, k)
                            length, k = _leb(data, k)
                            names[index] = data[k:k + length].decode("utf-8", "replace")
                            k += length
                    j += sub
        elif section == 2:  # imports: functions imported come first in the index space
            count, j = _leb(data, i)
            for _ in range(count):
                for _ in range(2):  # module and field names
                    length, j = _leb(data, j)
                    j += length
                kind, j = data[j], j + 1
                if kind == 0:
                    _, j = _leb(data, j)
                    imported += 1
                elif kind == 1:  # table: type, limits
                    j += 1
                    flags, j = _leb(data, j)
                    _, j = _leb(data, j)
                    if flags & 1:
                        _, j = _leb(data, j)
                elif kind == 2:  # memory: limits
                    flags, j = _leb(data, j)
                    _, j = _leb(data, j)
                    if flags & 1:
                        _, j = _leb(data, j)
                else:  # global: type, mutability
                    j += 2
        elif section == 10:  # code
            count, j = _leb(data, i)
            for _ in range(count):
                length, j = _leb(data, j)
                sizes.append(length)
                j += length
        elif section == 11:
            data_bytes += size
        i = end
    return sizes, names, imported, data_bytes


_V0_CRATE = re.compile(r"C(?:s[0-9a-zA-Z]*_)?(\d+)_?")


def crate_of(name: str) -> str:
    if name.startswith("_R"):  # v0 mangling: the first crate root named
        match = _V0_CRATE.search(name)
        if match:
            return name[match.end():match.end() + int(match.group(1))]
    match = re.match(r"^_ZN(\d+)", name)
    if match:  # legacy mangling: length-prefixed path segments
        first = name[match.end():match.end() + int(match.group(1))]
        if first.startswith("_$LT$"):
            # `<Type as Trait>` (`<` is `$LT$`, `::` is `..`): the crate of the type when it names one
            # (`<serde_json::Deserializer as serde::Deserializer>` is serde_json's code), else of the trait
            # (`<T as tachys::view::IntoAny>` is tachys code for one of our views).
            impl_for = re.match(r"_\$LT\$(.*?)\$u20\$as\$u20\$([A-Za-z_][A-Za-z0-9_]*)\.\.", first)
            if impl_for:
                own = re.match(r"(?:\$RF\$(?:mut\$u20\$)?)?([A-Za-z_][A-Za-z0-9_]*)\.\.", impl_for.group(1))
                return own.group(1) if own else impl_for.group(2)
            # `<impl Trait for T>` or `<T>`: the first path named.
            path = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\.\.", first)
            return path.group(1) if path else "(other)"
        return first
    return "(other)"


def breakdown(wasm: Path, top: int = 10) -> dict:
    sizes, names, imported, data_bytes = _functions(wasm.read_bytes())
    by_crate: Counter = Counter()
    for index, size in enumerate(sizes):
        by_crate[crate_of(names.get(index + imported, ""))] += size
    code = sum(sizes)
    shares = [
        {"crate": crate, "code_kb": round(size / 1024, 1), "share": round(100 * size / code, 1)}
        for crate, size in by_crate.most_common(top)
    ]
    return {"code_kb": round(code / 1024, 1), "data_kb": round(data_bytes / 1024, 1), "crates": shares}


if __name__ == "__main__":
    result = breakdown(Path(sys.argv[1]))
    print(f"code {result['code_kb']} KB, data {result['data_kb']} KB")
    for row in result["crates"]:
        print(f"  {row['crate']:<24} {row['code_kb']:>9} KB {row['share']:>5}%")
