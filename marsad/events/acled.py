"""ACLED's event types and the sub-types Marsad reports, in snake case.

The names are the contract's (`marsad events --json`): ACLED's own, lower-cased, with
"/" and spaces as "_" ("Explosions/Remote violence" → `explosions_remote_violence`).
`displacement` is Marsad's own sub-type under strategic developments: ACLED does not
code mass displacement, the monitors Marsad serves do.
"""

from __future__ import annotations

BATTLES = "battles"
REMOTE = "explosions_remote_violence"
CIVILIANS = "violence_against_civilians"
PROTESTS = "protests"
RIOTS = "riots"
STRATEGIC = "strategic_developments"

SUB_TYPES: dict[str, str] = {
    "armed_clash": BATTLES,
    "government_regains_territory": BATTLES,
    "non_state_actor_overtakes_territory": BATTLES,
    "air_drone_strike": REMOTE,
    "shelling_artillery_missile": REMOTE,
    "remote_explosive_landmine_ied": REMOTE,
    "suicide_bomb": REMOTE,
    "chemical_weapon": REMOTE,
    "attack": CIVILIANS,
    "abduction_forced_disappearance": CIVILIANS,
    "peaceful_protest": PROTESTS,
    "protest_with_intervention": PROTESTS,
    "excessive_force_against_protesters": PROTESTS,
    "violent_demonstration": RIOTS,
    "mob_violence": RIOTS,
    "arrests": STRATEGIC,
    "displacement": STRATEGIC,
    "non_violent_transfer_of_territory": STRATEGIC,
    "other": STRATEGIC,
}

# ACLED's own spelling of each type and sub-type, for exports read by ACLED's tools.
DISPLAY_NAMES: dict[str, str] = {
    BATTLES: "Battles",
    REMOTE: "Explosions/Remote violence",
    CIVILIANS: "Violence against civilians",
    PROTESTS: "Protests",
    RIOTS: "Riots",
    STRATEGIC: "Strategic developments",
    "armed_clash": "Armed clash",
    "government_regains_territory": "Government regains territory",
    "non_state_actor_overtakes_territory": "Non-state actor overtakes territory",
    "air_drone_strike": "Air/drone strike",
    "shelling_artillery_missile": "Shelling/artillery/missile attack",
    "remote_explosive_landmine_ied": "Remote explosive/landmine/IED",
    "suicide_bomb": "Suicide bomb",
    "chemical_weapon": "Chemical weapon",
    "attack": "Attack",
    "abduction_forced_disappearance": "Abduction/forced disappearance",
    "peaceful_protest": "Peaceful protest",
    "protest_with_intervention": "Protest with intervention",
    "excessive_force_against_protesters": "Excessive force against protesters",
    "violent_demonstration": "Violent demonstration",
    "mob_violence": "Mob violence",
    "arrests": "Arrests",
    "displacement": "Displacement",
    "non_violent_transfer_of_territory": "Non-violent transfer of territory",
    "other": "Other",
}
