"""Names, languages and places for synthetic families. Invented combinations only: no real
family, school or charity is described. Each background carries the household's first
language and how often an interpreter is needed, so interpreter needs follow language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Background:
    weight: int
    language: str
    interpreter_rate: float
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    men: tuple[str, ...]
    women: tuple[str, ...]
    surnames: tuple[str, ...]


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


BACKGROUNDS: tuple[Background, ...] = (
    Background(52, "English", 0.0,
               _t("Jayden Harry Oliver Alfie Charlie Leo Tyler Mason Riley Kai Logan Jack "
                  "Freddie Archie Callum Liam Noah Theo Ethan Connor"),
               _t("Amelia Olivia Isla Ava Lily Poppy Ruby Evie Millie Sophie Grace Mia Chloe "
                  "Ellie Freya Holly Jessica Lacey Summer Kayla"),
               _t("Craig Lee Darren Wayne Michael Paul Stephen Gary Jamie Ryan Daniel Mark "
                  "Scott Dean Kevin"),
               _t("Kelly Leanne Gemma Stacey Laura Sarah Nicola Claire Emma Donna Jodie Amy "
                  "Rachel Kirsty Natalie"),
               _t("Smith Jones Taylor Brown Wilson Robinson Wright Walker Thompson White "
                  "Hughes Edwards Green Hall Wood Harris Clarke Jackson Turner Hill Cooper "
                  "Ward Morris Bell Watson Atkinson Metcalfe Dobson Pickering Swales")),
    Background(8, "Urdu", 0.25,
               _t("Ayaan Zayn Ibrahim Hamza Musa Yusuf Ali Haris Rayyan Zakariya"),
               _t("Aisha Maryam Zara Hafsa Inaya Amira Noor Safa Hania Khadija"),
               _t("Imran Tariq Asif Naveed Shahid Kamran Adeel Faisal"),
               _t("Nadia Saima Farah Rubina Shazia Sana Ayesha Uzma"),
               _t("Khan Hussain Ahmed Iqbal Akhtar Mahmood Butt Rashid Malik Bibi")),
    Background(4, "Bengali (Sylheti)", 0.3,
               _t("Rahim Sami Arif Tahmid Rayan Ishaq Nabil Fahim"),
               _t("Tasnim Sumaiya Nusrat Jannat Ruksana Lamia Anika Samira"),
               _t("Abdul Shafiq Mizanur Habib Jamal Rofiq"),
               _t("Shirin Rehana Nasima Salma Afroza Rupa"),
               _t("Miah Begum Uddin Rahman Islam Chowdhury Ali")),
    Background(5, "Polish", 0.3,
               _t("Jakub Kacper Szymon Filip Antoni Oskar Mateusz Wiktor"),
               _t("Zuzanna Julia Maja Hanna Lena Oliwia Amelia Wiktoria"),
               _t("Tomasz Piotr Marcin Krzysztof Pawel Lukasz Grzegorz"),
               _t("Agnieszka Katarzyna Magdalena Joanna Monika Anna Ewa"),
               _t("Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski "
                  "Szymanski")),
    Background(4, "Romanian", 0.45,
               _t("Andrei Stefan Luca David Matei Darius Alexandru"),
               _t("Maria Ioana Elena Sofia Daria Bianca Alessia"),
               _t("Ionut Florin Marius Gheorghe Adrian Cristian"),
               _t("Andreea Mihaela Gabriela Roxana Florentina Alina"),
               _t("Popescu Ionescu Dumitru Stan Constantin Munteanu Lungu")),
    Background(5, "English", 0.0,
               _t("Tyrese Malachi Kwame Jaheim Elijah Isaiah Nathaniel Jordan"),
               _t("Amara Imani Nia Zuri Kiara Aaliyah Janelle Precious"),
               _t("Kofi Desmond Winston Emeka Tunde Marcus Delroy"),
               _t("Chantelle Abena Ngozi Marcia Funmi Yvonne Shanice"),
               _t("Mensah Okafor Adeyemi Campbell Williams Boateng Thomas Francis")),
    Background(3, "Somali", 0.4,
               _t("Abdirahman Mohamed Abdullahi Yahye Bashir Said"),
               _t("Hodan Sagal Ifrah Ayan Fadumo Hibo"),
               _t("Abdi Hassan Omar Farah Ismail"),
               _t("Amina Halima Sahra Ubah Khadra"),
               _t("Warsame Abdi Jama Osman Hirsi Nur")),
    Background(4, "Arabic", 0.55,
               _t("Omar Karim Adam Yousef Majd Tamer Rami Hadi"),
               _t("Layla Rana Sham Lujain Yasmin Hala Salma Malak"),
               _t("Ahmad Khaled Walid Bassam Hussam Mahmoud"),
               _t("Rasha Huda Lina Reem Nour Manal"),
               _t("Al-Hassan Haddad Khalil Darwish Saleh Nasser Mansour")),
    Background(2, "Kurdish (Sorani)", 0.5,
               _t("Aram Dilan Rebin Shvan Karwan Hawre"),
               _t("Shilan Rozhin Avin Hana Dilvin Lana"),
               _t("Hemin Sherwan Bakhtiyar Dara Hawkar"),
               _t("Nasrin Shirin Kajal Chra Gulala"),
               _t("Ahmed Aziz Karim Rasul Mahmud Qadir")),
    Background(2, "Tigrinya", 0.6,
               _t("Yonas Dawit Samuel Filmon Robel"),
               _t("Selam Helen Rahel Senait Luwam"),
               _t("Tesfay Mehari Berhane Kidane"),
               _t("Abeba Tsega Mebrat Letebrhan"),
               _t("Tesfamariam Haile Gebremedhin Woldu Tekle")),
    Background(2, "Mandarin", 0.3,
               _t("Hao Jun Yichen Zihan Ming Wei"),
               _t("Mei Xinyi Yutong Ling Jia Qing"),
               _t("Jian Lei Gang Bo Tao"),
               _t("Hui Yan Fang Xiu Li"),
               _t("Wang Li Zhang Chen Liu Yang Zhao")),
    Background(3, "Portuguese", 0.3,
               _t("Tiago Rafael Diogo Gustavo Miguel Rodrigo"),
               _t("Beatriz Leonor Carolina Mariana Ines Larissa"),
               _t("Joao Ricardo Nuno Sergio Paulo"),
               _t("Ana Catarina Sandra Fernanda Patricia"),
               _t("Silva Santos Ferreira Pereira Oliveira Costa Rodrigues")),
    Background(6, "English", 0.0,
               _t("Kai Reuben Mylo Jaxon Kian Zane Ashton"),
               _t("Skye Nevaeh Amani Keira Jasmine Tiana Leah"),
               _t("Jason Shane Ricky Anton Jermaine"),
               _t("Tanya Marie Shannon Jade Kerry"),
               _t("Johnson Stewart Reid Lewis Baker Mitchell Carter")),
)

# Communication needs an adult may have beyond language.
ADULT_COMMUNICATION = (
    "Prefers text messages to phone calls", "Needs letters read through with her",
    "Dyslexic: please send easy-read information", "Uses BSL; book a BSL interpreter",
    "Anxious in large meetings; offer a smaller meeting first", "Hard of hearing in the left ear",
)

CHILD_COMMUNICATION = (
    "Uses Makaton and a visual timetable", "Non-verbal; communicates with PECS",
    "Speech is unclear to people who do not know her well", "Selective mutism at school",
    "Needs time to process questions; ask one thing at a time",
)

OTHER_ADULT_ROLES = ("grandmother", "grandfather", "aunt", "mum's partner", "older brother (19)")

POSTCODE_DISTRICTS = ("TS17", "TS18", "TS19", "TS20", "TS21", "TS22", "TS23")
# Inward codes never use C, I, K, M, O or V.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

AREAS = ("Northfield", "Hartburn", "Ropner", "Fairfield", "Billingham Green", "Mandale",
         "Parkfield", "Newtown", "Thornaby Vale", "Roseworth", "Hardwick", "Elm Tree",
         "Grangefield", "Bishopsgarth", "Eaglescliffe", "Yarm Road")
STREET_STEMS = ("Alder", "Beech", "Bishop", "Cleveland", "Dover", "Elm", "Fern", "Gladstone",
                "Hawthorn", "Juniper", "Kingfisher", "Laburnum", "Mill", "Norton", "Oxbridge",
                "Primrose", "Queens", "Ramsey", "Station", "Tees", "Victoria", "Wellington",
                "Yarm", "Rowan", "Heron", "Lindisfarne", "Sandringham", "Cotswold")
STREET_KINDS = ("Road", "Street", "Close", "Avenue", "Crescent", "Grove", "Way", "Court",
                "Terrace", "Walk", "Gardens", "Drive")
