//! A conversation in Spanish (the host's `practice.language` says `es`).
//!
//! The conversation is decided in English wording, and turned into Spanish
//! here, at the end of the turn, sentence by sentence. The plugin's own
//! sentences come from the table below. The practice's texts come from its
//! `[spanish]` config, and the red-flag instructions from their
//! `message-es`. A sentence with no Spanish version is never sent in
//! English: that turn's English is dropped, the patient hears in Spanish
//! that staff who speak Spanish will call, and a callback item says so. A
//! refill request, a policy answer the practice wrote in Spanish, an
//! authorization status and a request for a person are served in Spanish
//! from start to end. Booking wording is not translated yet, so a booking
//! request is handed to Spanish-speaking staff the same way.

use switchboard_common::guard;
use switchboard_sdk::escalation::{Priority, QueueKind};

use super::escalate::item;
use super::{End, TurnCtx, replies};
use crate::host::Host;

/// The plugin's fixed sentences and their Spanish. `{}` stands for one
/// inserted value (a name, the last digits of a number), the same on both
/// sides.
#[rustfmt::skip]
const TABLE: &[(&str, &str)] = &[
    (replies::NOT_HEARD, "Disculpe, no escuché nada."),
    (replies::NOT_UNDERSTOOD, "Disculpe, no entendí."),
    (replies::NOT_CAUGHT, "Disculpe, no le entendí bien."),
    (replies::ANYTHING_ELSE, "¿Hay algo más en lo que le pueda ayudar?"),
    (replies::WHAT_ELSE, "¿En qué más le puedo ayudar?"),
    (replies::WHAT_TODAY, "¿En qué le puedo ayudar hoy?"),
    (replies::WORSE_CALL_911, "Si los síntomas empeoran o se sienten graves, llame al 911."),
    (replies::PATIENT_NAME, "¿Cuál es el nombre y apellido del paciente?"),
    (replies::MEANS_AWAY, replies::MEANS_AWAY_ES),
    (replies::RECEIVED, "Gracias. Recibimos su solicitud de resurtido."),
    (replies::SENT_TO_TEAM, "Su solicitud se envió a nuestro equipo clínico."),
    (replies::STAFF_WILL_CALL, "Le pedí a nuestro personal que le devuelva la llamada."),
    (replies::SYMPTOM_CALLBACK, "Le pasé su mensaje a nuestro equipo clínico y un profesional clínico le llamará. Si sus síntomas empeoran o se sienten graves, llame al 911."),
    (replies::POLICY_CALLBACK, "Le pedí a nuestro personal que le llame sobre eso."),
    (replies::AUTH_STAFF, "Le pedí a nuestro personal de autorizaciones que se comunique con usted."),
    (replies::ALL_RIGHT, "Está bien."),
    (super::after_hours::ON_CALL_OPEN, "Nuestra oficina está abierta ahora. Dígame qué está pasando y se lo paso a nuestro equipo clínico. Si es una emergencia, llame al 911."),
    (super::after_hours::ON_CALL_CLOSED, "Nuestra oficina está cerrada ahora. Fuera de horario, los problemas urgentes van a nuestro profesional clínico de guardia: dígame qué está pasando y, si es urgente, se lo hago llegar ahora. Si es una emergencia, llame al 911."),
    (replies::NOTED_WHO, "Gracias por decirme quién llama."),
    (replies::NOTED_NUMBER, "Gracias, lo anoté."),
    (replies::TRANSFER_ANNOUNCE, "Por favor, espere mientras le comunico con nuestro personal."),
    (replies::GOT_IT, "Entendido."),
    (replies::UPDATED, "Gracias, ya lo corregí."),
    (replies::THANK_YOU, "Gracias."),
    (replies::DATE_NOT_RIGHT, "Esa fecha no parece correcta."),
    (replies::ALERTED, "También avisé a nuestro equipo clínico."),
    (replies::NO_INPUT_GIVE_UP, "Lo siento, todavía no escucho nada. Le pedí a nuestro personal que le devuelva la llamada."),
    (replies::NOT_UNDERSTOOD_GIVE_UP, "Lo siento, no pude ayudarle con eso. Le pedí a nuestro personal que le devuelva la llamada."),
    (replies::NO_STATUS, "No tengo un estado registrado para ese procedimiento que le pueda dar ahora."),
    (replies::OPT_OUT, "Canceló su suscripción y no recibirá más mensajes nuestros. En una emergencia, llame al 911."),
    (replies::PAGED, "Avisé a nuestro profesional clínico de guardia, que le llamará pronto a este número."),
    (replies::NOT_PAGED, "Marqué esto como urgente para nuestro equipo clínico, que le llamará lo antes posible."),
    (replies::ON_CALL_ANNOUNCE, "Le estoy comunicando con nuestro profesional clínico de guardia. Por favor, no cuelgue."),
    (replies::ON_CALL_UNREACHABLE, "Marqué esto como urgente para nuestro equipo clínico, que le llamará a este número lo antes posible. Si sus síntomas empeoran, cuelgue y llame al 911."),
    (guard::SAFE_REPLY, guard::SAFE_REPLY_ES),
    (super::follow_up::NO_DECISION, "Solo un profesional clínico puede decidir sobre una solicitud de resurtido, así que no le puedo dar una respuesta aquí."),
    (super::follow_up::PHARMACY_UPDATED, "Gracias. Le pasé el cambio a nuestro equipo clínico: su solicitud de resurtido ahora indica {} como su farmacia."),
    ("If you'd like to make a refill request now, say refill.", "Si quiere hacer una solicitud de resurtido ahora, diga resurtido."),
    ("If you'd like to send a refill request now, reply REFILL.", "Si quiere enviar una solicitud de resurtido ahora, responda RESURTIDO."),
    ("I can take a prescription refill request, book or change an appointment, check on a prior authorization, answer questions about our office and policies, or get you to our staff. How can I help you today? You can also press 0 for our staff. Para español, oprima 2.",
     "Puedo tomar una solicitud de resurtido de receta, revisar una autorización previa, contestar preguntas sobre nuestra oficina y nuestras políticas, o comunicarle con nuestro personal. ¿En qué le puedo ayudar hoy? También puede oprimir 0 para hablar con nuestro personal."),
    ("I can take a prescription refill request, book or change an appointment, check on a prior authorization, answer questions about our office and policies, or have our staff call you back. How can I help? Para español, responda ESPAÑOL.",
     "Puedo tomar una solicitud de resurtido de receta, revisar una autorización previa, contestar preguntas sobre nuestra oficina y nuestras políticas, o pedir que nuestro personal le llame. ¿En qué le puedo ayudar?"),
    ("To get started, please tell me your first and last name.", "Para empezar, por favor dígame su nombre y apellido."),
    ("Please say your first and last name.", "Por favor, diga su nombre y apellido."),
    ("Please say just your first name and your last name, for example, Jane Smith.", "Por favor, diga solo su nombre y su apellido, por ejemplo, Ana García."),
    ("To get started, what is your first and last name?", "Para empezar, ¿cuál es su nombre y apellido?"),
    ("Please text your first and last name.", "Por favor, escriba su nombre y apellido."),
    ("Please text just your first and last name, for example: Jane Smith.", "Por favor, escriba solo su nombre y apellido, por ejemplo: Ana García."),
    ("And what is your date of birth?", "¿Y cuál es su fecha de nacimiento?"),
    ("Please say your date of birth, for example, March 14th, 1971.", "Por favor, diga su fecha de nacimiento, por ejemplo, 14 de marzo de 1971."),
    ("Please say the month, the day and the year you were born, or key in your date of birth as 8 digits.", "Por favor, diga el mes, el día y el año en que nació, o marque su fecha de nacimiento con 8 dígitos."),
    ("Please text your date of birth, for example 03/14/1971.", "Por favor, escriba su fecha de nacimiento, por ejemplo 03/14/1971 (mes/día/año)."),
    ("Please text the month, day and year you were born, like 03/14/1971.", "Por favor, escriba el mes, el día y el año en que nació, así: 03/14/1971."),
    ("Which medication do you need refilled?", "¿Qué medicamento necesita resurtir?"),
    ("What is the name of the medication you need refilled?", "¿Cómo se llama el medicamento que necesita resurtir?"),
    ("Please tell me just the name of the medication, as it is written on the label.", "Por favor, dígame solo el nombre del medicamento, como aparece en la etiqueta."),
    ("Which pharmacy do you use? Please tell me its name and the street or town.", "¿Qué farmacia usa? Por favor, dígame el nombre y la calle o la ciudad."),
    ("What is the name of your pharmacy, and where is it?", "¿Cómo se llama su farmacia y dónde está?"),
    ("Please say just the pharmacy name and the street it is on, for example, CVS on Main Street.", "Por favor, diga solo el nombre de la farmacia y la calle, por ejemplo, CVS en la calle Main."),
    ("Which pharmacy do you use? Please include the street or town.", "¿Qué farmacia usa? Por favor, incluya la calle o la ciudad."),
    ("Which pharmacy should we use, and where is it?", "¿Qué farmacia debemos usar y dónde está?"),
    ("Please text just the pharmacy name and street, for example: CVS on Main St.", "Por favor, escriba solo el nombre de la farmacia y la calle, por ejemplo: CVS en Main St."),
    ("Can our staff reach you at the number ending in {}? Say yes or no, or press 1 for yes and 2 for no.", "¿Nuestro personal le puede llamar al número que termina en {}? Diga sí o no, u oprima 1 para sí y 2 para no."),
    ("Is the number ending in {} the best number to call you back? Press 1 for yes or 2 for no.", "¿El número que termina en {} es el mejor para devolverle la llamada? Oprima 1 para sí o 2 para no."),
    ("Please press 1 if we can call you back at the number ending in {}, or 2 to give another number.", "Por favor, oprima 1 si le podemos llamar al número que termina en {}, o 2 para dar otro número."),
    ("Is this number the best way to reach you? Reply YES, or text the best number.", "¿Este número es la mejor forma de comunicarnos con usted? Responda SÍ, o escriba el mejor número."),
    ("Can our staff reach you at this number? Reply YES, or text a different number.", "¿Nuestro personal le puede llamar a este número? Responda SÍ, o escriba otro número."),
    ("Please reply YES to use this number, or text the number we should call.", "Por favor, responda SÍ para usar este número, o escriba el número al que debemos llamar."),
    ("Please say or key in the best phone number to reach you, including the area code.", "Por favor, diga o marque el mejor número para comunicarnos con usted, con el código de área."),
    ("Please key in your 10-digit phone number.", "Por favor, marque su número de teléfono de 10 dígitos."),
    ("Please say the best number to call you back, starting with the area code.", "Por favor, diga el mejor número para devolverle la llamada, empezando por el código de área."),
    ("Please text the best phone number to reach you, including the area code.", "Por favor, escriba el mejor número para comunicarnos con usted, con el código de área."),
    ("Please text a 10-digit phone number, like 502-555-0123.", "Por favor, escriba un número de 10 dígitos, como 502-555-0123."),
    ("Please text just the phone number we should call, starting with the area code.", "Por favor, escriba solo el número al que debemos llamar, empezando por el código de área."),
    ("Which procedure is the authorization for?", "¿Para qué procedimiento es la autorización?"),
    ("Which procedure is it for?{}", "¿Para qué procedimiento es?{}"),
    ("Please tell me the name of the procedure.{}", "Por favor, dígame el nombre del procedimiento.{}"),
    (" For example: {}.", " Por ejemplo: {}."),
    ("Would you like our authorization staff to contact you about it? Say yes or no, or press 1 for yes and 2 for no.", "¿Quiere que nuestro personal de autorizaciones se comunique con usted sobre esto? Diga sí o no, u oprima 1 para sí y 2 para no."),
    ("Should our authorization staff contact you? Press 1 for yes or 2 for no.", "¿Quiere que nuestro personal de autorizaciones le llame? Oprima 1 para sí o 2 para no."),
    ("Please press 1 if you would like a call from our authorization staff, or 2 if not.", "Por favor, oprima 1 si quiere una llamada de nuestro personal de autorizaciones, o 2 si no."),
    ("Would you like our authorization staff to contact you about it? Reply YES or NO.", "¿Quiere que nuestro personal de autorizaciones se comunique con usted sobre esto? Responda SÍ o NO."),
    ("Should our authorization staff contact you? Reply YES or NO.", "¿Quiere que nuestro personal de autorizaciones le llame? Responda SÍ o NO."),
    ("Please reply YES if you would like a call from our authorization staff, or NO if not.", "Por favor, responda SÍ si quiere una llamada de nuestro personal de autorizaciones, o NO si no."),
    ("Got it: {}.", "Entendido: {}."),
    ("Thank you. We've received your refill request for {}.", "Gracias. Recibimos su solicitud de resurtido de {}."),
    ("About the authorization for your {}:", "Sobre la autorización de su {}:"),
    ("Thank you for calling. Goodbye.", "Gracias por llamar. Adiós."),
    ("Thank you. Take care.", "Gracias. Que esté bien."),
    ("Please call or text 988 now, or call 911 if you are in immediate danger. Our clinical team has been alerted.", "Por favor, llame al 988 y oprima 2, o envíe AYUDA por texto al 988. Si está en peligro inmediato, llame al 911. Avisamos a nuestro equipo clínico."),
    ("Please call 911 now. Our clinical team has been alerted.", "Por favor, llame al 911 ahora. Avisamos a nuestro equipo clínico."),
    ("Please hang up and call or text 988 now, or call 911 if you are in immediate danger.", "Por favor, cuelgue y llame al 988 y oprima 2, o envíe AYUDA por texto al 988. Si está en peligro inmediato, llame al 911."),
    ("Please hang up and call 911 now.", "Por favor, cuelgue y llame al 911 ahora."),
    ("Our office is closed right now, so someone from our team will call you back {}.", "Nuestra oficina está cerrada ahora, así que alguien de nuestro equipo le llamará {}."),
    ("Our records show that no prior authorization is needed for this procedure.", "Nuestros registros indican que este procedimiento no necesita autorización previa."),
    ("Our records show that the request has not been sent to your insurance yet.", "Nuestros registros indican que la solicitud todavía no se ha enviado a su seguro."),
    ("Our records show that the request has been sent to your insurance.", "Nuestros registros indican que la solicitud ya se envió a su seguro."),
    ("Our records show that your insurance is still reviewing the request.", "Nuestros registros indican que su seguro todavía está revisando la solicitud."),
    ("Our records show that your insurance has given the authorization.", "Nuestros registros indican que su seguro dio la autorización."),
    ("Our records show that your insurance did not grant the authorization. Our authorization staff can explain your options, including an appeal.", "Nuestros registros indican que su seguro no dio la autorización. Nuestro personal de autorizaciones le puede explicar sus opciones, incluida una apelación."),
    ("Our records show that the authorization has expired, so a new request may be needed.", "Nuestros registros indican que la autorización venció, así que puede ser necesaria una nueva solicitud."),
    ("Sure, let's do that first. We'll come back to {} after.", "Claro, hagamos eso primero. Después volvemos a {}."),
    ("Now, back to {}.", "Ahora, volvamos a {}."),
    ("your refill request", "su solicitud de resurtido"),
    ("your authorization question", "su pregunta sobre la autorización"),
    ("Thank you for contacting {}.", "Gracias por comunicarse con {}."),
    ("{} is one of the plans our practice accepts. Our staff check each patient's coverage before a visit.", "{} es uno de los planes que acepta nuestra práctica. Nuestro personal revisa la cobertura de cada paciente antes de una consulta."),
    (super::referral::LEAD_IN, "Puedo tomar ahora los datos de su referencia, para que nuestro equipo de pacientes nuevos le llame para hacer la cita."),
    (super::referral::RECEIVED, "Gracias. Le pasé los datos de su referencia a nuestro equipo de pacientes nuevos, y le llamarán para hacer la cita."),
    ("Which doctor or office is referring you?", "¿Qué médico u oficina le está refiriendo?"),
    ("What is the name of the doctor or clinic that referred you?", "¿Cómo se llama el médico o la clínica que le refirió?"),
    ("Please tell me just the referring doctor's name or their office, for example, Dr. Lee at Main Street Family Medicine.", "Por favor, dígame solo el nombre del médico que le refiere o de su oficina, por ejemplo, la Dra. Lee de Main Street Family Medicine."),
    ("In a few words, what is the referral for?", "En pocas palabras, ¿para qué es la referencia?"),
    ("What would you like to be seen for?", "¿Por qué quiere que le atiendan?"),
    ("Please tell me briefly why you were referred, for example, low back pain.", "Por favor, dígame brevemente por qué le refirieron, por ejemplo, dolor de espalda baja."),
    ("And what insurance do you have?", "¿Y qué seguro tiene?"),
    ("What is the name of your insurance plan?", "¿Cómo se llama su plan de seguro?"),
    ("Please tell me just your insurance company's name, or say none.", "Por favor, dígame solo el nombre de su compañía de seguros, o diga ninguno."),
    ("your referral", "su referencia"),
    (super::desk::PLAN_CHECK, "Le pedí a nuestro personal que revise si nuestra práctica acepta su plan, y le devolverán la llamada."),
    (super::desk::NEW_INSURANCE, "Gracias por avisarnos. Le pedí a nuestro personal que actualice su seguro, y es posible que le llamen para pedirle los datos de la tarjeta. Por favor, traiga la tarjeta nueva a su próxima consulta."),
    (super::desk::INJURY_CLAIM, "Le pasé esto a nuestro personal que maneja los casos de compensación laboral y de accidentes, y le devolverán la llamada."),
    (super::desk::RECORDS, "Le pasé su solicitud a nuestro personal de expedientes, y le devolverán la llamada."),
    (super::desk::PLAN_DETAILS, "Si tiene a mano su tarjeta del seguro, puede enviarme ahora el nombre del plan y el número de miembro, y se los paso a nuestro personal."),
    (super::desk::CARD_DETAILS, "Si tiene la tarjeta a mano, puede enviarme ahora la compañía de seguros, el número de miembro y el número de grupo, y se los paso a nuestro personal."),
    (super::desk::CLAIM_DETAILS, "Si los tiene, puede enviarme ahora el número de reclamo, la compañía de seguros y la fecha de la lesión, y se los paso a nuestro personal."),
    (super::desk::RECORDS_DETAILS, "Puede decirme para qué son los expedientes o el formulario, a dónde se deben enviar y para cuándo los necesita, y se lo paso a nuestro personal."),
    (super::desk::DETAILS_ADDED, "Gracias, ya se lo agregué a nuestro personal."),
    (super::desk::BILLING, "Le pasé esto a nuestro personal de facturación, que le devolverá la llamada."),
    (super::desk::BILLING_DETAILS, "Puede decirme ahora de qué es la factura o el cobro y su fecha, y se lo paso."),
    (super::desk::QUESTION_PASSED, "Le pasé su pregunta a nuestro personal junto con su solicitud, y se la contestarán cuando le llamen."),
];

/// Said when this turn needs wording the practice has not given in
/// Spanish: nothing in English, a callback from staff who speak Spanish.
pub(crate) const HANDOFF: &str = "Para ayudarle con esto, un miembro de nuestro personal que habla español le llamará. Si es una emergencia, llame al 911.";

/// The table's Spanish for `english`, filling its one `{}`.
fn fixed(english: &str) -> Option<String> {
    for (en, es) in TABLE {
        if *en == english {
            return Some((*es).to_owned());
        }
        if let Some((before, after)) = en.split_once("{}")
            && let Some(value) = english.strip_prefix(before).and_then(|rest| rest.strip_suffix(after))
        {
            // The value may itself be a fixed phrase ("your refill request").
            let value = fixed(value).unwrap_or_else(|| value.to_owned());
            return Some(es.replacen("{}", &value, 1));
        }
    }
    None
}

/// Whether `text` is already Spanish the plugin or the practice wrote.
fn is_known_spanish(text: &str) -> bool {
    text == HANDOFF || TABLE.iter().any(|(_, es)| *es == text)
}

impl<H: Host> TurnCtx<'_, H> {
    /// The Spanish for one sentence of this turn; `Some(None)` for one that
    /// is dropped rather than said (the staff callback hours, which only
    /// add to a callback already promised); `None` when there is none.
    fn spanish_for(&self, line: &str) -> Option<Option<String>> {
        if is_known_spanish(line) || self.config.spanish.is_spanish_text(line) {
            return Some(Some(line.to_owned()));
        }
        // The red-flag instructions: said in both languages when given so.
        let escalation = self.config.escalation();
        if escalation.rules.iter().any(|r| r.message_es == line || r.message == line) {
            return Some(Some(line.to_owned()));
        }
        if let Some(es) = self.config.spanish.get(line) {
            return Some(Some(es.to_owned()));
        }
        if line == self.config.greeting {
            return Some(Some(format!("Gracias por comunicarse con {}.", self.config.practice_name)));
        }
        if line == self.config.staff_callback_hours {
            return Some(None);
        }
        fixed(line).map(Some)
    }

    /// End of the turn in a Spanish conversation: every sentence and the
    /// prompt in Spanish, or the hand-off to Spanish-speaking staff.
    pub(super) fn say_in_spanish(&mut self) {
        if !self.spanish {
            return;
        }
        let mut missing = false;
        let mut lines = Vec::with_capacity(self.lines.len());
        for line in &self.lines {
            match self.spanish_for(line) {
                Some(Some(es)) => lines.push(es),
                Some(None) => {}
                None => missing = true,
            }
        }
        let prompt = self.prompt.take().and_then(|(text, listen)| match self.spanish_for(&text) {
            Some(Some(es)) => Some((es, listen)),
            _ => {
                missing = true;
                None
            }
        });
        if !missing {
            self.lines = lines;
            self.prompt = prompt;
            return;
        }
        // Only what is already Spanish stays (an emergency instruction, a
        // greeting): nothing in English pretends to be an answer.
        self.lines = lines.into_iter().filter(|l| !l.is_empty()).collect();
        self.lines.push(HANDOFF.to_owned());
        self.audits.push(("spanish.handoff", vec![]));
        let reason = super::CallbackReason::SpanishStaff;
        let mut fields = self.captured_fields();
        fields.push(("reason", reason.as_str().to_owned()));
        fields.push(("patient-said", self.patient_said()));
        self.items.push(item(QueueKind::Callback, Priority::Routine, reason.summary().to_owned(), fields));
        self.task_done = true;
        self.state.booking = None;
        self.state.parked = None;
        if self.voice {
            self.end = End::HangUp;
        } else {
            // The thread stays open: what they text next ("prefiero por la
            // mañana, el lunes o martes") is added for the staff who call.
            self.state.stage = super::Stage::Menu;
            self.state.desk_open = Some((reason, 0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_fills_its_one_value_and_every_spanish_line_passes_the_guard() {
        assert_eq!(fixed("Got it: gabapentin.").as_deref(), Some("Entendido: gabapentin."));
        assert_eq!(
            fixed("Now, back to your refill request.").as_deref(),
            Some("Ahora, volvamos a su solicitud de resurtido.")
        );
        assert_eq!(fixed("Something the table does not have."), None);
        for (en, es) in TABLE {
            assert_eq!(guard::classify(es), None, "{es}");
            assert_eq!(en.matches("{}").count(), es.matches("{}").count(), "{en}");
        }
        assert_eq!(guard::classify(HANDOFF), None);
    }
}
