//! XML phonebook files: the local directory imported and exported as the seed phones do it.
//!
//! - Import takes the Yealink local contact file (`contact.xml`: `<group display_name>`
//!   and `<contact display_name office_number mobile_number other_number
//!   group_id_name>` elements, under `<root_group>`/`<root_contact>`, with or without one
//!   element around both) and the remote phonebook format the CP860 guide documents
//!   (`<YealinkIPPhoneDirectory><DirectoryEntry><Name>..</Name><Telephone>..</Telephone>`),
//!   one contact per number.
//! - Export writes the contact file, wrapped in `<contactData>` so that it is one XML
//!   document; it reads back the same.
//!
//! A file is hostile: at most [`MAX_CONTACTS`] contacts (the CP860 keeps 1000), no empty
//! names or numbers, nothing used when anything is wrong.

use crate::phone::directory::Contact;

/// The most contacts a phonebook file may hold (the CP860's and Dinstar's limit).
pub const MAX_CONTACTS: usize = 1000;

/// The contacts of the phonebook file `text` (named `file` in errors).
pub fn read(file: &str, text: &str) -> Result<Vec<Contact>, String> {
    if text.len() > super::MAX_FILE {
        return Err(format!("{file}: larger than {} bytes", super::MAX_FILE));
    }
    let body = text.trim_start_matches('\u{feff}').trim();
    // Yealink's own export has two top-level elements; one element around them makes it
    // one document. The declaration, if any, goes first.
    let body = match body.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or("", |(_, after)| after),
        None => body,
    };
    let wrapped = format!("<phonebook>{body}</phonebook>");
    let doc = roxmltree::Document::parse(&wrapped).map_err(|e| format!("{file}: not XML: {e}"))?;
    let mut out = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        match node.tag_name().name() {
            "contact" => {
                let name = node.attribute("display_name").unwrap_or_default().trim();
                let group = node
                    .attribute("group_id_name")
                    .map(str::trim)
                    .filter(|g| !g.is_empty() && *g != "All Contacts")
                    .map(str::to_string);
                let number = ["office_number", "mobile_number", "other_number"]
                    .iter()
                    .filter_map(|a| node.attribute(*a))
                    .map(str::trim)
                    .find(|n| !n.is_empty());
                let Some(number) = number else {
                    let line = doc.text_pos_at(node.range().start).row;
                    return Err(format!("{file}:{line}: contact {name:?} has no number"));
                };
                out.push(contact(file, name, number, group)?);
            }
            "DirectoryEntry" => {
                let text_of = |tag: &str| {
                    node.children()
                        .filter(|c| c.has_tag_name(tag))
                        .filter_map(|c| c.text())
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                };
                let name = text_of("Name").into_iter().next().unwrap_or_default();
                let numbers = text_of("Telephone");
                if numbers.is_empty() {
                    return Err(format!("{file}: entry {name:?} has no Telephone"));
                }
                for number in numbers {
                    out.push(contact(file, &name, &number, None)?);
                }
            }
            _ => {}
        }
        if out.len() > MAX_CONTACTS {
            return Err(format!("{file}: more than {MAX_CONTACTS} contacts"));
        }
    }
    Ok(out)
}

fn contact(file: &str, name: &str, number: &str, group: Option<String>) -> Result<Contact, String> {
    if name.is_empty() {
        return Err(format!(
            "{file}: a contact with number {number:?} has no name"
        ));
    }
    if name.chars().any(char::is_control) || number.chars().any(char::is_control) {
        return Err(format!("{file}: contact {name:?}: a control character"));
    }
    Ok(Contact {
        name: name.to_string(),
        number: number.to_string(),
        group,
    })
}

/// The contact file of `contacts`: their groups, then the contacts.
pub fn write(contacts: &[Contact]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<contactData>\n<root_group>\n");
    for g in crate::phone::directory::groups(contacts) {
        out.push_str(&format!(
            "<group display_name=\"{}\" ring=\"Auto\"/>\n",
            escape(g)
        ));
    }
    out.push_str("</root_group>\n<root_contact>\n");
    for c in contacts {
        out.push_str(&format!(
            "<contact display_name=\"{}\" office_number=\"{}\" mobile_number=\"\" other_number=\"\" line=\"0\" ring=\"Auto\" group_id_name=\"{}\"/>\n",
            escape(&c.name),
            escape(&c.number),
            escape(c.group.as_deref().unwrap_or(""))
        ));
    }
    out.push_str("</root_contact>\n</contactData>\n");
    out
}

/// `text` as an XML attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: &str, number: &str, group: Option<&str>) -> Contact {
        Contact {
            name: name.into(),
            number: number.into(),
            group: group.map(str::to_string),
        }
    }

    #[test]
    fn a_yealink_contact_file_with_two_top_elements_reads_with_groups() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root_group>\n\
            <group display_name=\"Friend\" ring=\"Auto\" />\n</root_group>\n<root_contact>\n\
            <contact display_name=\"Lily\" office_number=\"\" mobile_number=\"1020\" other_number=\"\" \
            line=\"0\" ring=\"Auto\" group_id_name=\"Friend\" />\n\
            <contact display_name=\"Tom\" office_number=\"1021\" group_id_name=\"All Contacts\" />\n\
            </root_contact>\n";
        assert_eq!(
            read("contact.xml", text).unwrap(),
            [c("Lily", "1020", Some("Friend")), c("Tom", "1021", None)]
        );
    }

    #[test]
    fn the_guides_remote_directory_format_reads_one_contact_per_number() {
        let text = "<YealinkIPPhoneDirectory><DirectoryEntry><Name>Jack</Name>\
            <Telephone>1003</Telephone><Telephone>0123</Telephone></DirectoryEntry>\
            </YealinkIPPhoneDirectory>";
        assert_eq!(
            read("Department.xml", text).unwrap(),
            [c("Jack", "1003", None), c("Jack", "0123", None)]
        );
    }

    #[test]
    fn an_export_reads_back_the_same_contacts_hostile_characters_and_all() {
        let contacts = vec![
            c(
                "Smith, John <sales> & \"co\"",
                "1002",
                Some("Sales & Support"),
            ),
            c("Zoë", "+441234", None),
        ];
        let text = write(&contacts);
        assert!(text.starts_with("<?xml"));
        assert_eq!(read("export.xml", &text).unwrap(), contacts);
    }

    #[test]
    fn a_bad_file_is_refused_whole_with_its_name() {
        let e = read("a.xml", "<?xml version=\"1.0\"?>\n<contact display_name=\"A\" office_number=\"1\"/>\n<contact display_name=\"B\"/>")
            .unwrap_err();
        assert_eq!(e, "a.xml:3: contact \"B\" has no number");
        assert!(read("a.xml", "<contact")
            .unwrap_err()
            .starts_with("a.xml: not XML"));
        let many = "<contact display_name=\"x\" office_number=\"1\"/>".repeat(MAX_CONTACTS + 1);
        assert!(read("a.xml", &many).unwrap_err().contains("more than 1000"));
    }
}
