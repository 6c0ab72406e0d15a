"""The built-in texts of a new shop's default pages (imprint, terms, privacy) in en, de,
fr and lb, used where the platform admin has not written a template of their own.

They are a starting point with the shop's data filled in, not legal advice: each shop
reads, completes and publishes its own. Placeholders: services/pages_templates.py.
"""

from __future__ import annotations

BUILT_IN: dict[tuple[str, str], tuple[str, str]] = {
    # -- imprint ---------------------------------------------------------------------------
    ("imprint", "en"): (
        "Imprint",
        "<p><strong>{shop_name}</strong> is run by {company_name}.</p>"
        "<p>VAT number: {vat_number}</p>"
        "<h2>Contact</h2><p>Add the company's address, e-mail and telephone number here.</p>"
        "<h2>Platform</h2><p>This shop is hosted on {platform_name}.</p>",
    ),
    ("imprint", "de"): (
        "Impressum",
        "<p><strong>{shop_name}</strong> wird betrieben von {company_name}.</p>"
        "<p>USt-IdNr.: {vat_number}</p>"
        "<h2>Kontakt</h2><p>Tragen Sie hier Anschrift, E-Mail-Adresse und Telefonnummer "
        "des Unternehmens ein.</p>"
        "<h2>Plattform</h2><p>Dieser Shop wird auf {platform_name} betrieben.</p>",
    ),
    ("imprint", "fr"): (
        "Mentions légales",
        "<p>La boutique <strong>{shop_name}</strong> est exploitée par {company_name}.</p>"
        "<p>Numéro de TVA : {vat_number}</p>"
        "<h2>Contact</h2><p>Indiquez ici l'adresse, l'e-mail et le numéro de téléphone "
        "de la société.</p>"
        "<h2>Plateforme</h2><p>Cette boutique est hébergée sur {platform_name}.</p>",
    ),
    ("imprint", "lb"): (
        "Impressum",
        "<p><strong>{shop_name}</strong> gëtt vun {company_name} bedriwwen.</p>"
        "<p>TVA-Nummer: {vat_number}</p>"
        "<h2>Kontakt</h2><p>Schreift hei d'Adress, d'E-Mail an d'Telefonsnummer vun der "
        "Firma.</p>"
        "<h2>Plattform</h2><p>Dëse Buttek leeft op {platform_name}.</p>",
    ),
    # -- terms -----------------------------------------------------------------------------
    ("terms", "en"): (
        "Terms and conditions",
        "<h2>1. Scope</h2><p>These terms apply to every order placed in {shop_name}, a shop "
        "of {company_name} (VAT {vat_number}).</p>"
        "<h2>2. Contract</h2><p>The contract is made when we confirm your order by e-mail.</p>"
        "<h2>3. Prices and payment</h2><p>Prices include VAT. Payment is due when you "
        "order.</p>"
        "<h2>4. Delivery</h2><p>We deliver to the address you give in the order.</p>"
        "<h2>5. Right of withdrawal</h2><p>You may withdraw from the contract within 14 days "
        "of delivery without giving a reason.</p>",
    ),
    ("terms", "de"): (
        "Allgemeine Geschäftsbedingungen",
        "<h2>1. Geltungsbereich</h2><p>Diese Bedingungen gelten für alle Bestellungen bei "
        "{shop_name}, einem Shop der {company_name} (USt-IdNr. {vat_number}).</p>"
        "<h2>2. Vertragsschluss</h2><p>Der Vertrag kommt zustande, wenn wir Ihre Bestellung "
        "per E-Mail bestätigen.</p>"
        "<h2>3. Preise und Zahlung</h2><p>Alle Preise enthalten die Mehrwertsteuer. Die "
        "Zahlung ist bei Bestellung fällig.</p>"
        "<h2>4. Lieferung</h2><p>Wir liefern an die in der Bestellung angegebene "
        "Anschrift.</p>"
        "<h2>5. Widerrufsrecht</h2><p>Sie können den Vertrag binnen 14 Tagen nach Lieferung "
        "ohne Angabe von Gründen widerrufen.</p>",
    ),
    ("terms", "fr"): (
        "Conditions générales de vente",
        "<h2>1. Champ d'application</h2><p>Ces conditions s'appliquent à toute commande "
        "passée sur {shop_name}, boutique de {company_name} (TVA {vat_number}).</p>"
        "<h2>2. Conclusion du contrat</h2><p>Le contrat est conclu lorsque nous confirmons "
        "votre commande par e-mail.</p>"
        "<h2>3. Prix et paiement</h2><p>Les prix s'entendent TVA comprise. Le paiement est "
        "dû à la commande.</p>"
        "<h2>4. Livraison</h2><p>Nous livrons à l'adresse indiquée dans la commande.</p>"
        "<h2>5. Droit de rétractation</h2><p>Vous pouvez vous rétracter dans les 14 jours "
        "suivant la livraison sans avoir à vous justifier.</p>",
    ),
    ("terms", "lb"): (
        "Allgemeng Geschäftskonditiounen",
        "<h2>1. Gëltegkeet</h2><p>Dës Konditioune gëlle fir all Bestellung bei "
        "{shop_name}, engem Buttek vun {company_name} (TVA {vat_number}).</p>"
        "<h2>2. Kontrakt</h2><p>De Kontrakt ass ofgeschloss, wa mir Är Bestellung per "
        "E-Mail confirméieren.</p>"
        "<h2>3. Präisser a Bezuelung</h2><p>D'Präisser sinn TVA abegraff. D'Bezuelung ass "
        "bei der Bestellung fälleg.</p>"
        "<h2>4. Liwwerung</h2><p>Mir liwweren op d'Adress aus der Bestellung.</p>"
        "<h2>5. Récktrëttsrecht</h2><p>Dir kënnt bannent 14 Deeg no der Liwwerung ouni "
        "Grond vum Kontrakt zrécktrieden.</p>",
    ),
    # -- privacy ---------------------------------------------------------------------------
    ("privacy", "en"): (
        "Privacy notice",
        "<p>{company_name}, which runs {shop_name}, is responsible for the personal data "
        "processed in this shop.</p>"
        "<h2>What we collect</h2><p>The data you give when you order (name, address, "
        "e-mail) and what is needed to deliver and bill it.</p>"
        "<h2>Why</h2><p>To fulfil your order and to meet our legal duties. We do not sell "
        "your data.</p>"
        "<h2>Your rights</h2><p>You may ask to see, correct or delete your data, and "
        "complain to the data protection authority.</p>",
    ),
    ("privacy", "de"): (
        "Datenschutzerklärung",
        "<p>Verantwortlich für die Verarbeitung personenbezogener Daten in {shop_name} ist "
        "{company_name}.</p>"
        "<h2>Welche Daten</h2><p>Die Daten Ihrer Bestellung (Name, Anschrift, E-Mail) und "
        "was für Lieferung und Rechnung nötig ist.</p>"
        "<h2>Wozu</h2><p>Zur Abwicklung Ihrer Bestellung und zur Erfüllung gesetzlicher "
        "Pflichten. Wir verkaufen Ihre Daten nicht.</p>"
        "<h2>Ihre Rechte</h2><p>Sie können Auskunft, Berichtigung und Löschung verlangen "
        "und sich bei der Datenschutzbehörde beschweren.</p>",
    ),
    ("privacy", "fr"): (
        "Politique de confidentialité",
        "<p>{company_name}, qui exploite {shop_name}, est responsable des données "
        "personnelles traitées dans cette boutique.</p>"
        "<h2>Données collectées</h2><p>Les données de votre commande (nom, adresse, e-mail) "
        "et ce qui est nécessaire à la livraison et à la facturation.</p>"
        "<h2>Finalités</h2><p>Exécuter votre commande et respecter nos obligations légales. "
        "Nous ne vendons pas vos données.</p>"
        "<h2>Vos droits</h2><p>Vous pouvez demander l'accès, la rectification ou "
        "l'effacement de vos données, et saisir l'autorité de protection des données.</p>",
    ),
    ("privacy", "lb"): (
        "Dateschutzerklärung",
        "<p>{company_name}, déi {shop_name} bedreift, ass verantwortlech fir déi perséinlech "
        "Donnéeën, déi an dësem Buttek veraarbecht ginn.</p>"
        "<h2>Wat mir sammelen</h2><p>D'Donnéeë vun Ärer Bestellung (Numm, Adress, E-Mail) "
        "a wat fir d'Liwwerung an d'Rechnung néideg ass.</p>"
        "<h2>Firwat</h2><p>Fir Är Bestellung auszeféieren an eise gesetzleche Flichten "
        "nozekommen. Mir verkafen Är Donnéeë net.</p>"
        "<h2>Är Rechter</h2><p>Dir kënnt froen, Är Donnéeën ze gesinn, ze korrigéieren oder "
        "ze läschen, an Iech bei der Dateschutzautoritéit beschwéieren.</p>",
    ),
}
