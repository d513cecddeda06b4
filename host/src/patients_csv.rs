//! Reading a practice's patient directory from CSV.
//!
//! Columns (header required, any order): `id`, `given_name`,
//! `family_name`, `date_of_birth` (YYYY-MM-DD), `phones` (E.164, separated
//! by `;`, may be empty). Fields may be quoted with `"` (doubled inside).
//! Every row is checked before anything is stored; errors name the line.

use crate::capabilities::calls_is_e164;
use crate::store::PatientRecord;

const COLUMNS: [&str; 5] = ["id", "given_name", "family_name", "date_of_birth", "phones"];
const MAX_ROWS: usize = 200_000;

/// Parse the whole file or report every problem (up to 20).
pub fn parse(text: &str) -> Result<Vec<PatientRecord>, Vec<String>> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else { return Err(vec!["the file is empty".into()]) };
    let header = split(header.trim_start_matches('\u{feff}')).map_err(|e| vec![format!("line 1: {e}")])?;
    let mut index = [0usize; 5];
    for (slot, column) in index.iter_mut().zip(COLUMNS) {
        *slot = header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(column))
            .ok_or_else(|| vec![format!("line 1: missing column `{column}` (need {})", COLUMNS.join(", "))])?;
    }
    let mut patients = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (number, line) in lines {
        let line_no = number + 1;
        if patients.len() >= MAX_ROWS {
            errors.push(format!("more than {MAX_ROWS} patients"));
            break;
        }
        match split(line).and_then(|fields| row(&fields, &index)) {
            Ok(patient) if !seen.insert(patient.id.clone()) => {
                errors.push(format!("line {line_no}: duplicate id {:?}", patient.id))
            }
            Ok(patient) => patients.push(patient),
            Err(e) => errors.push(format!("line {line_no}: {e}")),
        }
        if errors.len() >= 20 {
            break;
        }
    }
    if errors.is_empty() { Ok(patients) } else { Err(errors) }
}

fn row(fields: &[String], index: &[usize; 5]) -> Result<PatientRecord, String> {
    let get = |i: usize| fields.get(index[i]).map(|f| f.trim().to_string()).unwrap_or_default();
    let id = get(0);
    if id.is_empty() || id.len() > 64 || id.contains('\0') {
        return Err("`id` must be 1 to 64 characters".into());
    }
    let (given_name, family_name) = (get(1), get(2));
    if given_name.is_empty() || family_name.is_empty() {
        return Err("`given_name` and `family_name` are required".into());
    }
    let date_of_birth = get(3);
    if !is_iso_date(&date_of_birth) {
        return Err(format!("`date_of_birth` {date_of_birth:?} is not a date like 1971-03-14"));
    }
    let phones: Vec<String> = get(4).split(';').map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
    if let Some(bad) = phones.iter().find(|p| !calls_is_e164(p)) {
        return Err(format!("phone {bad:?} is not an E.164 number like +15550199001"));
    }
    Ok(PatientRecord { id, given_name, family_name, date_of_birth, phones })
}

/// `YYYY-MM-DD` naming a real calendar day.
pub fn is_iso_date(text: &str) -> bool {
    text.len() == 10 && text.parse::<jiff::civil::Date>().is_ok()
}

/// Split one CSV line (RFC 4180 quoting, no embedded newlines).
fn split(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed".into());
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_demo_directory() {
        let patients = parse(include_str!("../demo/patients.csv")).unwrap();
        let maria = &patients[0];
        assert_eq!((maria.given_name.as_str(), maria.family_name.as_str()), ("Maria", "Gonzalez"));
        assert_eq!(maria.date_of_birth, "1971-03-14");
        assert_eq!(maria.phones, ["+15550199001"]);
        assert_eq!(patients[2].phones.len(), 2);
        assert!(patients[5].phones.is_empty());
    }

    #[test]
    fn quoted_fields_and_column_order() {
        let csv = "phones,date_of_birth,family_name,given_name,id\n\"+15550001111\",1980-01-02,\"Smith, Jr\",\"Ann \"\"Annie\"\"\",x1\n";
        let p = &parse(csv).unwrap()[0];
        assert_eq!(p.family_name, "Smith, Jr");
        assert_eq!(p.given_name, "Ann \"Annie\"");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let csv = "id,given_name,family_name,date_of_birth,phones\n\
                   a,Ann,Lee,1980-02-30,\n\
                   b,,Lee,1980-02-01,\n\
                   c,Cy,Lee,1980-02-01,555-1234\n\
                   a,Ann,Lee,1980-02-01,\n\
                   d,Di,Lee,1980-02-01,\n\
                   a,Al,Lee,1980-02-01,\n";
        let errors = parse(csv).unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].starts_with("line 2:") && errors[0].contains("date_of_birth"));
        assert!(errors[1].starts_with("line 3:"));
        assert!(errors[2].starts_with("line 4:") && errors[2].contains("E.164"));
        assert!(errors[3].starts_with("line 7:") && errors[3].contains("duplicate"));
        assert!(parse("name,dob\nx,y").unwrap_err()[0].contains("missing column `id`"));
        assert!(parse("").is_err());
    }
}
