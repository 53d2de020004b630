"""Opens a spin-nas Optuna journal with Optuna's own JournalStorage and prints what Optuna sees, as JSON.

Usage: /usr/bin/python3 test/interop/optuna_check.py run.log

Besides loading the study, it re-adds every trial to an in-memory study (Optuna validates each
FrozenTrial: states, times, values, params inside their distributions), checks each stored
distribution string is what optuna.distributions.distribution_to_json writes, and computes
study.best_trials over the feasible complete trials of each rung (constraint values <= 0, as
Optuna's constrained samplers read them). The spin-nas test compares all of it with the run.
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")

import optuna  # noqa: E402
from optuna.distributions import distribution_to_json, json_to_distribution  # noqa: E402
from optuna.trial import TrialState  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.WARNING)


def main(path):
    storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))
    study = optuna.load_study(study_name=None, storage=storage)
    trials = study.trials

    copy = optuna.create_study(directions=study.directions)
    copy.add_trials(trials)

    distributions_match = True
    with open(path, encoding="utf-8") as f:
        for line in f:
            op = json.loads(line)
            for text in op.get("distributions", {}).values():
                if distribution_to_json(json_to_distribution(text)) != text:
                    distributions_match = False

    def feasible(t):
        return t.state == TrialState.COMPLETE and all(c <= 0 for c in t.system_attrs.get("constraints") or ())

    best_by_rung = {}
    for rung in sorted({t.user_attrs["rung"] for t in trials}):
        at_rung = optuna.create_study(directions=study.directions)
        at_rung.add_trials([t for t in trials if t.user_attrs["rung"] == rung and feasible(t)])
        best_by_rung[str(rung)] = sorted(t.user_attrs["trial_id"] for t in at_rung.best_trials)

    print(json.dumps({
        "optuna": optuna.__version__,
        "study_name": study.study_name,
        "directions": [d.name for d in study.directions],
        "metric_names": study.system_attrs.get("study:metric_names"),
        "user_attrs": study.user_attrs,
        "n_trials": len(trials),
        "trials": [{
            "number": t.number,
            "state": t.state.name,
            "params": t.params,
            "distributions": {k: type(d).__name__ for k, d in t.distributions.items()},
            "values": t.values,
            "user_attrs": t.user_attrs,
            "constraints": t.system_attrs.get("constraints"),
            "datetime_start": t.datetime_start.isoformat() if t.datetime_start else None,
            "datetime_complete": t.datetime_complete.isoformat() if t.datetime_complete else None,
        } for t in trials],
        "best_trials": [t.user_attrs["trial_id"] for t in study.best_trials],
        "best_feasible_by_rung": best_by_rung,
        "distributions_match": distributions_match,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
