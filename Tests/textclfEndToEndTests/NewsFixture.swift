/// Sixteen short paragraphs (text, topic, stance) whose words tell two topics and two stances
/// apart: the training data of the end-to-end tests.
enum NewsFixture {
    static let records: [(String, String, String)] = [
        ("Kyiv will not cede Donetsk or the Donbas region.", "territory", "against"),
        ("Ukraine refuses to surrender territory to Russia.", "territory", "against"),
        ("Zelensky rejects any deal that gives up land in the Donbas.", "territory", "against"),
        ("Ceding Donetsk territory is never acceptable, officials say.", "territory", "against"),
        ("A territorial compromise over the Donbas could bring peace.", "territory", "favor"),
        ("Officials accept giving up land in Donetsk for a ceasefire.", "territory", "favor"),
        ("The plan to cede territory is welcome, the envoy said.", "territory", "favor"),
        ("Leaders support a land swap in the Donbas region.", "territory", "favor"),
        ("The U.S. security guarantees are welcome and should be signed.", "guarantees", "favor"),
        ("Allies support NATO-style security guarantees for Ukraine.", "guarantees", "favor"),
        ("Kyiv welcomes the guarantees treaty with Washington.", "guarantees", "favor"),
        ("Europe backs binding security assurances, ministers agree.", "guarantees", "favor"),
        ("Critics reject the security guarantees as empty promises.", "guarantees", "against"),
        ("Guarantees contingent on concessions are not acceptable.", "guarantees", "against"),
        ("Kyiv refuses security assurances without NATO membership.", "guarantees", "against"),
        ("The guarantees treaty is rejected by parliament.", "guarantees", "against"),
    ]
}
