"""What is known about people like you: how likely a factor is a genuine trigger *a priori*.

A single diary of 30–90 days cannot test a hundred factors on its own evidence alone.  With
``EngineConfig(weighting="prior")`` the engine spends its multiple-testing budget unevenly
(``budget.py``): factors that are triggers for many people with migraine get a larger share,
the rest a smaller one.  (Off by default: docs/triggers.md §4 says why.)  Every row carries its
π either way.  This module
holds that population knowledge — one probability per factor — and says where each number comes
from (sources as in shared/reference/statistics.md §1.1, §1.5, §1.7 and domain.md §1).

How the numbers became a prior (ours, stated so it can be checked and replaced):

* **Report share r.**  How many people with migraine *name* the factor as one of their triggers:
  Kelman 2007 (Cephalalgia 27:394, 1,207 patients; statistics.md §1.7), or for single foods
  Wöber et al. 2006 (J Headache Pain 7:188, personal experience: cheese 8.4 %, chocolate 14.3 %).
* **Confirmation share κ = 0.115.**  Of the triggers people suspect, about one in nine holds up in
  their own 90-day diary: Curelator users, 2.7 of their suspected triggers (11.5 %) were
  statistically associated (AHS 2017, statistics.md §1.1 [P]); Peris et al. 2017 (Cephalalgia
  37:452, N1-Headache on PAMINA diaries, 326 patients, 33 factors) found on average 4 associated
  factors per patient, 4/33 = 12 % per candidate factor — the same order.
* **Prior probability π = r × κ**, doubled for the factors that prospective studies verified as
  triggers at population level: fasting, the premenstrual days, stress let-down and low
  pressure (Marmura 2018, Curr Pain Headache Rep 22:81; PAMINA, Wöber et al. 2007 Cephalalgia
  27:304: menstruation raised the hazard by up to 96 %, every other factor < 35 %).
* **Food components** take π from their evidence grade in the food knowledge
  (``foods/data/component_info.csv``): grade B is anchored on alcohol (Kelman 37.8 % × κ =
  0.043), grade N on a single food (Wöber cheese 8.4 % × κ ≈ 0.01), C and mixed grades in
  between on a log scale, A (controlled evidence) at twice B.
* **Anything else** a person logs (a food as named, a supplement, a custom factor) gets the
  single-food figure, 0.01.
* **Lag.**  Lag 0 and lag 1 carry the factor's π; lag 2 half of it: Köhler 1990 found effects of
  stress on day −1 and day 0, not day −2; in N1-Headache alcohol on day −2 went with *fewer*
  attacks (Vives-Mestres 2022, OR 0.75); statistics.md §0 makes lag 1 primary and lag 2
  secondary.

Park et al. 2016 (PLOS ONE, 62 smartphone diaries, 4,579 days) is the anchor for what a single
person's diary holds: 1,099 headache days, 336 of them migraine — about one migraine every two
weeks, which is why a prior matters at 90 days.

In cohort mode the same place is taken by the cohort's own prior (``TriggerPrior.from_shares``
with each factor's share of people whose fitted effect is at least a doubling), shrunk towards
this one where the cohort is small.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: Of suspected triggers, the share that holds up in the person's own diary (see above).
CONFIRMATION = 0.115
#: Verified at population level (Marmura 2018; PAMINA): κ counts twice for these.
VERIFIED = 2.0
#: A food as named, a supplement, a custom factor: Wöber 2006 cheese 8.4 % × κ.
BASE = 0.01
#: Lag 2 carries this share of a factor's prior (Köhler 1990; Vives-Mestres 2022).
LAG2 = 0.5

#: Evidence grade of a food component (foods/data/component_info.csv) → π.
GRADE_PRIOR: Mapping[str, float] = {
    "A": 0.086,  # twice B: controlled evidence or an ICHD-3 diagnosis
    "B": 0.043,  # alcohol: Kelman 37.8 % × κ
    "C": 0.021,  # geometric midpoint of B and N
    "C/N": 0.015,
    "N/C": 0.015,
    "N": BASE,
    "gut": BASE,  # gut markers are not trigger claims
}


@dataclass(frozen=True, slots=True)
class PriorSource:
    """One shipped number: the factor it applies to, π and where it comes from."""

    probability: float
    derivation: str


#: Derived and logged factors with a population figure of their own (name → π, derivation).
SHIPPED: Mapping[str, PriorSource] = {
    "perimenstrual window": PriorSource(
        0.651 * CONFIRMATION * VERIFIED,
        "Kelman 2007 hormones 65.1 % of women; Marmura 2018 verified",
    ),
    "fasting": PriorSource(
        0.573 * CONFIRMATION * VERIFIED, "Kelman 2007 not eating 57.3 %; Marmura 2018 verified"
    ),
    "pressure drop": PriorSource(
        0.532 * CONFIRMATION * VERIFIED, "Kelman 2007 weather 53.2 %; Marmura 2018 'most likely'"
    ),
    "stress let-down": PriorSource(
        0.797 * CONFIRMATION,
        "Kelman 2007 stress 79.7 %; Lipton 2014 OR 1.5–1.9 (verified: Marmura)",
    ),
    # Reported by most (Kelman 79.7 %), but in prospective diaries the *level* of stress was not
    # associated with onsets, only its decline (Lipton 2014, statistics.md §1.5): no lift.
    "high stress": PriorSource(BASE, "Lipton 2014: stress level not associated (decline was)"),
    "short sleep": PriorSource(0.498 * CONFIRMATION, "Kelman 2007 sleep disturbance 49.8 %"),
    "long sleep": PriorSource(0.320 * CONFIRMATION, "Kelman 2007 sleeping late 32.0 %"),
    "caffeine withdrawal": PriorSource(GRADE_PRIOR["A"], "ICHD-3 8.3.1 (grade A entity)"),
    "alcohol": PriorSource(0.378 * CONFIRMATION, "Kelman 2007 alcohol 37.8 %"),
    "wine": PriorSource(0.378 * CONFIRMATION, "Kelman 2007 alcohol 37.8 % (Onderwater 2019)"),
    "beer": PriorSource(0.378 * CONFIRMATION, "Kelman 2007 alcohol 37.8 %"),
    "spirits": PriorSource(0.378 * CONFIRMATION, "Kelman 2007 alcohol 37.8 %"),
}
#: Logged kinds with a report share of their own (kind → π, derivation).
KIND_PRIOR: Mapping[str, PriorSource] = {
    "exercise": PriorSource(0.221 * CONFIRMATION, "Kelman 2007 exercise 22.1 %"),
}


@dataclass(frozen=True, slots=True)
class TriggerPrior:
    """π per factor (and lag): the shipped population prior, or a cohort's.

    ``grades`` maps food components to their evidence grade (from the food knowledge);
    ``overrides`` holds factor → π from a cohort; ``source`` says which prior this is.
    """

    grades: Mapping[str, str] = field(default_factory=dict)
    overrides: Mapping[str, float] = field(default_factory=dict)
    source: str = (
        "shipped population prior (Kelman 2007, Wöber 2006–2007, Peris 2017, Marmura 2018)"
    )

    def probability(self, factor: str, kind: str, lag: int) -> float:
        """Prior probability that ``factor`` at ``lag`` is a genuine trigger for this person."""
        pi = self.overrides.get(factor)
        if pi is None:
            pi = self._shipped(factor, kind)
        return pi * (LAG2 if lag >= 2 else 1.0)

    def _shipped(self, factor: str, kind: str) -> float:
        if factor in SHIPPED:
            return SHIPPED[factor].probability
        if kind == "component" and factor in self.grades:
            return GRADE_PRIOR.get(self.grades[factor], BASE)
        if kind in KIND_PRIOR:
            return KIND_PRIOR[kind].probability
        return BASE

    @classmethod
    def from_shares(
        cls,
        shares: Mapping[tuple[str, str], tuple[float, int]],
        base: TriggerPrior | None = None,
        *,
        strength: int = 20,
    ) -> TriggerPrior:
        """A cohort's prior: (factor, kind) → (share of people with a fitted RR ≥ 2, people).

        Each share is shrunk towards the shipped π with ``strength`` pseudo-people (a beta
        prior of that size centred on the shipped figure), so a factor seen in five people does
        not swing the weights on its own.
        """
        base = base or cls()
        over = {}
        for (factor, kind), (share, n) in shares.items():
            shipped = base.probability(factor, kind, 1)
            over[factor] = (share * n + shipped * strength) / (n + strength)
        return cls(
            base.grades, over, f"cohort prior ({len(over)} factors), shipped prior elsewhere"
        )
