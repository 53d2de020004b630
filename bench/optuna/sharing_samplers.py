"""Optuna 3.1's samplers on the synthetic sharing-space objective (bench/search-sharing.ts).

Reads a table that bench/optuna-peer.ts writes: the gene cardinalities, and for every valid
genome of the space ("i,j,k,...") its canonical key, its three normalised objective values
(all minimised) and its constraint violation. Each gene is a CategoricalDistribution over its
choice indices. A genome the space rejects (e.g. fusion with nothing shared) is told as an
infeasible trial with the worst values, so the samplers can learn to avoid it, as a user
would write it with constraints_func. Prints, per seed, the genome of every trial in order
(one JSON line per seed, as each seed finishes), until `distinct` distinct valid architectures
were evaluated or `cap` trials ran.

usage: sharing_samplers.py TABLE SAMPLER SEEDS DISTINCT CAP
  SAMPLER: nsga2 | tpe | mtpe
"""
import json
import sys
import time

import optuna
from optuna.distributions import CategoricalDistribution

optuna.logging.set_verbosity(optuna.logging.WARNING)


def constraints(trial):
    return [trial.user_attrs["violation"]]


def make_sampler(name, seed):
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, constraints_func=constraints)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed, constraints_func=constraints)
    if name == "mtpe":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True, constraints_func=constraints)
    raise SystemExit(f"unknown sampler {name}")


def run(table, name, seed, distinct, cap):
    cards = table["cardinalities"]
    genomes = table["genomes"]
    worst = table["worst"]
    dists = {f"g{i}": CategoricalDistribution(list(range(c))) for i, c in enumerate(cards)}
    study = optuna.create_study(directions=["minimize"] * table["objectives"], sampler=make_sampler(name, seed))
    seen = set()
    order = []
    while len(seen) < distinct and len(order) < cap:
        trial = study.ask(dists)
        genome = [trial.params[f"g{i}"] for i in range(len(cards))]
        text = ",".join(map(str, genome))
        known = genomes.get(text)
        order.append(genome)
        if known is None:
            trial.set_user_attr("violation", 1.0)
            study.tell(trial, worst)
            continue
        key, values, violation = known
        seen.add(key)
        trial.set_user_attr("violation", float(violation))
        study.tell(trial, values)
    return order


def main():
    path, name, seeds, distinct, cap = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    with open(path) as f:
        table = json.load(f)
    for seed in [int(s) for s in seeds.split(",")]:
        start = time.process_time()
        order = run(table, name, seed, distinct, cap)
        line = {"optuna": optuna.__version__, "sampler": name, "seed": seed, "genomes": order, "cpuSeconds": time.process_time() - start}
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
