"""Everyday answers to a front desk's questions, as negatives for the fitter.

The net reads every turn, not only the first: names, dates of birth,
pharmacies, days and times, yes and no, an insurance plan, the procedure
a booking is for. The labelled corpus is made of requests and symptoms,
so a model fitted on it alone placed "this is linda calling for my
husband frank" near a caregiver's crisis report and "my epidural
appointment next week" near a procedure problem. These lines, written by
the host's authors and generated from small lists (deterministic for a
seed), teach it that such answers carry no red flag.
"""
import random

FIRST = ['robert', 'maria', 'james', 'linda', 'jose', 'ana', 'michael', 'patricia', 'luis', 'carmen',
         'david', 'barbara', 'juan', 'rosa', 'william', 'susan', 'carlos', 'guadalupe', 'thomas', 'karen',
         'frank', 'dolores', 'miguel', 'betty', 'kevin', 'yolanda', 'darnell', 'keisha', 'nguyen', 'mei']
LAST = ['oneill', "o'neill", 'o neil', 'gonzalez', 'garcia lopez', 'smith', 'johnson', 'hernandez',
        'williams', 'martinez', 'brown', 'rodriguez', 'davis', 'perez', 'miller', 'sanchez', 'wilson',
        'ramirez', 'moore', 'torres', 'taylor', 'flores', 'anderson', 'rivera', 'jackson', 'gomez',
        'white', 'diaz', 'harris', 'cruz', 'martin', 'reyes', 'thompson', 'morales', 'washington']
KIN = ['husband', 'wife', 'mom', 'mother', 'dad', 'father', 'son', 'daughter', 'grandma', 'brother']
KIN_ES = ['esposo', 'esposa', 'mamá', 'papá', 'hijo', 'hija', 'abuela', 'hermano']
MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
          'october', 'november', 'december']
STREETS = ['bardstown road', 'main street', 'shelbyville rd', 'dixie highway', 'preston hwy', '4th st',
           'broadway', 'brownsboro road', 'hurstbourne', 'the mall']
PHARMACIES = ['walgreens', 'cvs', 'kroger', 'walmart', 'rite aid', 'costco', 'the hospital pharmacy',
              'meijer', 'sams club', 'express scripts mail order']
DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday']
DAYS_ES = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes']
PROCEDURES = ['epidural', 'epidural injection', 'nerve block', 'ablation', 'rfa', 'stimulator trial',
              'trigger point injections', 'pump refill', 'follow up', 'new patient visit', 'injection',
              'spinal cord stimulator', 'medial branch block', 'urine test']
PLANS = ['humana medicare advantage', 'aetna', 'blue cross blue shield', 'unitedhealthcare', 'medicaid',
         'passport', 'wellcare', 'anthem', 'tricare', 'workers comp', 'cigna', 'medicare part b']


def answers(seed=0, n=480):
    r = random.Random(seed)
    name = lambda: f'{r.choice(FIRST)} {r.choice(LAST)}'
    templates = [
        lambda: name(),
        lambda: f"it's {name()}",
        lambda: f'this is {name()}',
        lambda: f'my name is {name()}',
        lambda: f'me llamo {name()}',
        lambda: f'soy {name()}',
        lambda: f'this is {r.choice(FIRST)} calling for my {r.choice(KIN)} {r.choice(FIRST)}',
        lambda: f'hi its {r.choice(FIRST)}, his {r.choice(["wife", "daughter", "son", "caregiver"])}, '
                f'the patient is {name()}',
        lambda: f'le escribe {r.choice(FIRST)}, por mi {r.choice(KIN_ES)} {name()}',
        lambda: f'{name()} born {r.choice(MONTHS)} {r.randint(1, 28)} {r.randint(1935, 2004)}',
        lambda: f'{r.choice(PHARMACIES)} on {r.choice(STREETS)}',
        lambda: f'the {r.choice(PHARMACIES)} by my house',
        lambda: f'same pharmacy as last time, {r.choice(PHARMACIES)}',
        lambda: f'la farmacia {r.choice(PHARMACIES)} en {r.choice(STREETS)}',
        lambda: f'{r.choice(DAYS)} {r.choice(["morning", "afternoon", "after 2", "before noon"])} works',
        lambda: f'any {r.choice(["morning", "afternoon"])} next week is fine',
        lambda: f'the {r.choice(["first", "second", "third"])} one please',
        lambda: f'el {r.choice(DAYS_ES)} por la {r.choice(["mañana", "tarde"])}',
        lambda: f'my {r.choice(PROCEDURES)} appointment {r.choice(["next week", "on " + r.choice(DAYS), "tomorrow", "this month"])}',
        lambda: f'i want to book my {r.choice(PROCEDURES)}',
        lambda: f'its for the {r.choice(PROCEDURES)} dr {r.choice(LAST)} ordered',
        lambda: f'quiero una cita para mi {r.choice(["inyección", "bloqueo", "ablación", "consulta"])}',
        lambda: f'i have {r.choice(PLANS)}',
        lambda: f'tengo {r.choice(PLANS)}',
        lambda: f'{r.choice(["yes", "yeah", "yep", "sure", "ok"])} {r.choice(["please", "thats fine", "that works", "thank you"])}',
        lambda: f'{r.choice(["no", "nope", "no thanks"])} {r.choice(["thats all", "that is all for today", "im good", "nothing else"])}',
        lambda: f'{r.choice(["sí", "si", "claro"])} {r.choice(["por favor", "está bien", "gracias"])}',
        lambda: f'no {r.choice(["gracias", "es todo", "nada más"])}',
        lambda: f'my number is {r.randint(200, 999)} {r.randint(200, 999)} {r.randint(1000, 9999)}',
        lambda: f'you can call me back at {r.randint(200, 999)}-{r.randint(1000, 9999)}',
        lambda: f'ok thanks, see you {r.choice(DAYS)}',
        lambda: f'{r.choice(["thanks", "thank you so much", "gracias"])} have a good day',
    ]
    seen, out = set(), []
    while len(out) < n:
        text = r.choice(templates)()
        if text not in seen:
            seen.add(text)
            out.append((text, set()))
    return out
