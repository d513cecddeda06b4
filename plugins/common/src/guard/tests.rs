//! The guard against hostile and ordinary sentences: everything a plugin
//! must never say is blocked, everything it normally says passes.

use super::*;

fn rule(text: &str) -> Option<GuardRule> {
    check(text).blocked
}

#[test]
fn blocks_approval_denial_and_promises() {
    let cases = [
        ("APPROVED!!!", Approval),
        ("Good news: your refill was approved.", Approval),
        ("The doctor authorized it.", Approval),
        ("Your request is denied.", Denial),
        ("Sorry, that's too early for a refill.", Denial),
        ("Your refill was not approved.", Approval),
        ("We can't refill that.", Denial),
        ("We'll refill it today.", Promise),
        ("We will refill your oxycodone.", Promise),
        ("I've sent it to your pharmacy.", Promise),
        ("I\u{2019}ve sent your prescription to your pharmacy", Promise),
        ("It will be ready for pickup at 5.", Promise),
        ("We guarantee it'll be there", Promise),
        ("I promise.", Promise),
        ("The doctor called it in this morning", Promise),
    ];
    for (text, expected) in cases {
        assert_eq!(rule(text), Some(expected), "{text}");
    }
}

#[test]
fn blocks_dose_quantity_and_frequency() {
    for text in [
        "Take 2 tablets every 4 hours.",
        "take two",
        "It's 10mg.",
        "10 MG",
        "0.5 mg is fine",
        "You can double up tonight.",
        "Use one patch every 72 hours",
        "twice a day",
        "Take it as needed.",
        "Your dose is fine.",
        "That's a 30 day supply",
        "You have 2 refills left",
        "take an extra one",
        "Take half a tablet",
    ] {
        assert!(rule(text).is_some(), "{text}");
    }
}

#[test]
fn blocks_changes_tapering_and_withdrawal_management() {
    let cases = [
        ("The doctor can increase it.", MedicationChange),
        ("We could decrease the amount.", MedicationChange),
        ("Let's switch to tramadol.", MedicationChange),
        ("Stop taking it for now.", MedicationChange),
        ("You should taper slowly.", Withdrawal),
        ("We'll wean you off.", Withdrawal),
        ("To manage your withdrawal symptoms, drink water.", Withdrawal),
        ("Don't go cold turkey.", Withdrawal),
    ];
    for (text, expected) in cases {
        assert_eq!(rule(text), Some(expected), "{text}");
    }
}

#[test]
fn sees_through_disguises() {
    for text in [
        "a p p r o v e d",
        "A-P-P-R-O-V-E-D",
        "appr0ved",
        "d3nied",
        "ＡＰＰＲＯＶＥＤ",
        "аpproved", // Cyrillic а
        "appro\u{200b}ved",
        "t a p e r",
        "APPROVED\n\n\t",
    ] {
        assert!(rule(text).is_some(), "{text:?}");
    }
}

#[test]
fn passes_the_plugins_own_wording() {
    for text in [
        "We've received your refill request.",
        "Your request has been sent to our clinical team.",
        "Thank you. We've received your refill request for oxycodone.",
        "A member of our clinical team will review it.",
        "Which medication do you need refilled?",
        "Which pharmacy do you use?",
        "Is the number ending in 1234 the best number to reach you?",
        "I can take a prescription refill request, or have our staff call you back.",
        "Controlled medication refill requests are reviewed within 2 business days.",
        "Please allow 3 business days.",
        "Our staff return calls within one business day.",
        "If someone may have taken too much medication or is hard to wake, call 911 now.",
        "If you are thinking about suicide, call or text 988.",
        "Please hold while I connect you to our staff.",
        "Please double check the number.",
        "I can't promise a time, but our staff will call you back.",
        SAFE_REPLY,
        "",
    ] {
        assert_eq!(check(text).blocked, None, "{text}");
        assert_eq!(check(text).text, text);
    }
}

#[test]
fn negation_allowance_is_narrow() {
    assert_eq!(rule("I can't approve requests"), None);
    assert_eq!(rule("I can't approve it, it's denied"), Some(Denial));
    assert_eq!(rule("I can't advise on medications or approve requests. Approved!"), Some(Approval));
}

#[test]
fn blocked_text_is_replaced_and_explained() {
    let v = check("Sure, take 3 pills.");
    assert_eq!(v.text, SAFE_REPLY);
    assert_eq!(v.blocked, Some(Dose));
    let f = classify("ok, take 3 pills").unwrap();
    assert_eq!(f.words, "3 pills");
    assert_eq!(Dose.as_str(), "dose");
}

#[test]
fn check_all_agrees_with_check() {
    let reply = [
        "Thank you. We've received your refill request.",
        "I can't",
        "approve",
        "Please double",
        "check your number.",
        "Take 2 tablets.",
    ];
    let each: Vec<GuardVerdict> = reply.iter().map(|s| check(s)).collect();
    assert_eq!(check_all(&reply), each);
    assert_eq!(each[2].blocked, Some(Approval), "a negation in another sentence does not count");
    assert_eq!(each[3].blocked, Some(Dose));
    let clean = ["Which pharmacy do you use?", SAFE_REPLY];
    assert!(check_all(&clean).iter().all(|v| v.blocked.is_none()));
    assert!(check_all(&[]).is_empty());
}

#[test]
fn blocks_the_nastier_ways_to_say_it() {
    let cases = [
        ("Your Rx is good to go!", Approval),
        ("You're all set, it's authorised.", Approval),
        ("Refill: APPROVED \u{2705}", Approval),
        ("The doctor okayed it.", Approval),
        ("It's been aproved", Approval),
        ("That one can't be refilled.", Denial),
        ("Sorry, no refills on that.", Denial),
        ("We're unable to refill it.", Denial),
        ("We sent it over to CVS.", Promise),
        ("We will call it into your pharmacy.", Promise),
        ("It was e-prescribed this morning.", Promise),
        ("Your prescription is ready.", Promise),
        ("You can pick it up today.", Promise),
        ("Don't worry, it's taken care of.", Promise),
        ("Of course you can!", Promise),
        ("Take 1-2 q4-6h prn", Dose),
        ("You may take one additional tablet.", Dose),
        ("2 at a time is fine", Dose),
        ("no more than 4 in 24 hours", Dose),
        ("You have 2 refills left", Dose),
        ("Try 2 Tylenol instead", Dose),
        ("Every 6 hrs", Dose),
        ("3 a day", Dose),
        ("We can adjust your medication.", MedicationChange),
        ("Don't stop abruptly.", MedicationChange),
        ("Skip a dose tonight", Dose),
        ("That's just withdrawal, it passes.", Withdrawal),
    ];
    for (text, expected) in cases {
        assert_eq!(rule(text), Some(expected), "{text}");
    }
}

#[test]
fn still_passes_practice_style_wording() {
    for text in [
        "Most insurance companies decide within 5 to 15 business days after the request is sent.",
        "Everyone who receives opioid medications from our practice signs a controlled-substance agreement, renewed every 12 months.",
        "Our office is open Monday through Friday, 8 am to 5 pm.",
        "We are at 1200 Riverside Drive, Suite 300, Louisville, KY 40207.",
        "Please fax the referral to 502-555-0143.",
        "Appointments missed without notice may be charged a $50 fee.",
        "Your request has been sent to our clinical team.",
        "Our records show that your insurance has given the authorization.",
        "Our records show that your insurance did not grant the authorization.",
        "If you would like to send a refill request now, reply REFILL.",
    ] {
        assert_eq!(rule(text), None, "{text}");
    }
}

#[test]
fn blocks_the_same_in_spanish_with_or_without_accents() {
    let cases = [
        ("Su resurtido está aprobado.", Approval),
        ("Su receta fue rechazada porque es demasiado pronto.", Denial),
        ("Su receta estará lista mañana.", Promise),
        ("Enviamos su receta a la farmacia.", Promise),
        ("Tome 2 pastillas al día.", Dose),
        ("Puede tomar una dosis doble.", Dose),
        ("El doctor puede aumentar su medicamento.", MedicationChange),
        ("Deje de tomar la gabapentina.", MedicationChange),
        ("Le ayudamos a reducir gradualmente.", Withdrawal),
    ];
    for (text, rule) in cases {
        assert_eq!(classify(text).map(|f| f.rule), Some(rule), "{text}");
    }
    for text in [SAFE_REPLY_ES, "Gracias. Recibimos su solicitud de resurtido.", "¿Cuál es su fecha de nacimiento?"] {
        assert_eq!(classify(text), None, "{text}");
    }
}
