"""Mutation score per module from ``mutmut results --all=true`` (lines ``    <module>.x_<fn>__mutmut_<k>: <status>``):
killed / survived / timeout / other per module, score = killed / (killed + survived + timeout), then the survivors."""
import sys
from collections import Counter, defaultdict


def main(path: str) -> None:
    counts, survivors = defaultdict(Counter), []
    for line in open(path, encoding="utf-8"):
        name, sep, status = line.strip().rpartition(": ")
        if not sep or "__mutmut_" not in name:
            continue
        module = name.split(".x_")[0].split(".xǁ")[0]
        counts[module][status] += 1
        if status == "survived":
            survivors.append(name)
    print(f"{'module':45} {'killed':>7} {'survived':>8} {'timeout':>7} {'other':>6} {'score':>6}")
    for module, c in sorted(counts.items()):
        k, s, t = c["killed"], c["survived"], c["timeout"]
        other = sum(c.values()) - k - s - t
        print(f"{module:45} {k:7} {s:8} {t:7} {other:6} {k / max(k + s + t, 1):6.1%}")
    print("survivors:", *survivors, sep="\n  ")


if __name__ == "__main__":
    main(sys.argv[1])
