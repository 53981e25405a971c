// Word lists for the evaluation set. Real surnames and places give the accents and spellings MSPs
// meet (Müller, Łódź, Bjørnsen); invented brands (built by `Vocabulary.inventedToken`) give the
// thousands of distinct customers a large PSA holds without reusing a real name too often.

enum Vocabulary {
    static let surnames: [String] = [
        "Smith", "Johnson", "Williams", "Brown", "Taylor", "Anderson", "Thompson", "Walker", "Harris", "Clarke",
        "Robinson", "Wright", "Mitchell", "Campbell", "Stewart", "Morrison", "O'Brien", "O'Connor", "McAllister",
        "Fitzgerald", "Gallagher", "Donnelly", "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński",
        "Lewandowski", "Zieliński", "Szymański", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner",
        "Becker", "Hoffmann", "Schäfer", "Köhler", "Großmann", "Dupont", "Durand", "Lefèvre", "Moreau", "Laurent",
        "Girard", "Bonnet", "Rousseau", "Fournier", "Lemaître", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi",
        "Romano", "Colombo", "Marino", "Greco", "García", "Fernández", "González", "Rodríguez", "López",
        "Martínez", "Sánchez", "Jiménez", "Álvarez", "Muñoz", "de Vries", "van Dijk", "Bakker", "Visser",
        "Meijer", "Mulder", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "Johansson", "Nilsson",
        "Lindqvist", "Bergström", "Sjöberg", "Åkesson", "Bjørnsen", "Sørensen", "Kristiansen", "Halvorsen",
        "Virtanen", "Mäkinen", "Korhonen", "Nieminen", "Novák", "Dvořák", "Černý", "Horváth", "Szabó", "Kovács",
        "Oliveira", "Pereira", "Carvalho", "Gonçalves", "Papadopoulos", "Yilmaz", "Demir", "Patel", "Singh",
        "Kumar", "Nakamura", "Tanaka", "Nguyen", "O'Neill", "Sullivan", "Kennedy", "Murphy", "Reilly", "Hughes",
        "Bennett", "Fletcher", "Hawthorne", "Whitaker", "Pemberton", "Ashworth", "Blackwood", "Harrington",
        "Kingsley", "Lockwood", "Prescott", "Rutherford", "Sinclair", "Thornton", "Wakefield", "Weatherby",
        "Ellsworth", "Caldwell", "Donovan", "Moretti", "Castellano", "Delacroix", "Beaumont", "Fontaine",
        "Lindgren", "Engström", "Østergaard", "Håkansson", "Przybylski", "Grzegorczyk", "Błaszczyk", "Ødegård",
        "Vasquez", "Okafor", "Adeyemi", "Mensah", "Haddad", "Karimi", "Petrović", "Jovanović", "Novaković",
        "Popescu", "Ionescu", "Constantin", "Georgiou", "Andersen", "Christensen", "Rasmussen", "Pedersen",
    ]

    static let places: [String] = [
        "Riverside", "Northgate", "Westbrook", "Eastfield", "Southampton", "Oakridge", "Highland", "Lakeside",
        "Brookfield", "Fairview", "Greenwood", "Hillcrest", "Maplewood", "Pinecrest", "Stonebridge", "Ashford",
        "Kingston", "Bristol", "Cambridge", "Oxford", "Manchester", "Glasgow", "Edinburgh", "Cardiff", "Belfast",
        "Dublin", "Galway", "Berlin", "München", "Köln", "Düsseldorf", "Nürnberg", "Stuttgart", "Hamburg",
        "Zürich", "Genève", "Salzburg", "Marseille", "Bordeaux", "Toulouse", "Nantes", "Strasbourg", "Milano",
        "Torino", "Napoli", "Firenze", "Bologna", "Venezia", "Madrid", "Barcelona", "Valencia", "Sevilla",
        "Málaga", "Bilbao", "Lisboa", "Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Antwerpen",
        "Bruxelles", "Luxembourg", "København", "Aarhus", "Odense", "Malmö", "Göteborg", "Stockholm", "Uppsala",
        "Trondheim", "Tromsø", "Helsinki", "Tampere", "Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań",
        "Gdańsk", "Praha", "Budapest", "Debrecen", "Sofia", "Istanbul", "Sydney", "Melbourne", "Brisbane",
        "Adelaide", "Auckland", "Wellington", "Toronto", "Montréal", "Vancouver", "Calgary", "Ottawa", "Boston",
        "Chicago", "Denver", "Seattle", "Portland", "Austin", "Phoenix", "Atlanta", "Dallas", "Houston", "Miami",
        "Nashville", "Charlotte", "Raleigh", "Orlando", "Pittsburgh", "Cleveland", "Detroit", "Omaha", "Tulsa",
        "Tacoma", "Spokane", "Savannah", "Monterrey", "Guadalajara", "Puebla", "Bogotá", "Medellín", "Santiago",
        "Curitiba", "Campinas", "Recife", "Osaka", "Kyoto", "Nagoya", "Yokohama", "Sapporo", "Fukuoka",
        "Summit", "Pinnacle", "Horizon", "Keystone", "Meridian", "Evergreen", "Silverline", "Bluewater",
        "Redstone", "Ironbridge", "Goldcrest", "Northstar", "Crescent", "Harbour", "Beacon", "Cornerstone",
        "Vanguard", "Sterling", "Zenith", "Atlas", "Titan", "Orion", "Falcon", "Granite", "Coastal", "Alpine",
        "Prairie", "Canyon", "Heritage", "Liberty", "Pioneer", "Frontier", "Landmark", "Paramount",
    ]

    /// Halves of two-word brands that are written both spaced and joined ("Blue Sky" / "BlueSky").
    static let compoundFirst = [
        "Blue", "Red", "Green", "Silver", "Golden", "North", "South", "East", "West", "Sun", "Star", "Sky", "Oak",
        "Pine", "Stone", "River", "Lake", "Bright", "Clear", "True", "Peak", "Iron", "Cloud", "Rock", "Swift",
    ]
    static let compoundSecond = [
        "Sky", "Line", "Point", "Bridge", "Field", "Gate", "Wood", "Stone", "Water", "Wave", "Path", "Light",
        "Way", "View", "Ridge", "Port", "Hill", "Side", "Mark", "Spring", "Crest", "Haven", "Forge", "Leaf",
    ]

    /// Words that say what a company does, placed after the distinctive name ("Velmora Logistics").
    static let industries: [String] = [
        "Dental", "Dental Care", "Dental Practice", "Dental Clinic", "Orthodontics", "Logistics", "Freight",
        "Transport", "Architects", "Architecture", "Pharmaceuticals", "Pharmacy", "Accounting", "Accountants",
        "Law Group", "Law", "Legal", "Solicitors", "Attorneys", "Engineering", "Construction", "Builders",
        "Plumbing", "Electrical", "Roofing", "Landscaping", "Veterinary Clinic", "Animal Hospital",
        "Medical Practice", "Medical Center", "Family Practice", "Physiotherapy", "Chiropractic", "Optometry",
        "Consulting", "Advisory", "Real Estate", "Realty", "Insurance Brokers", "Insurance", "Marketing",
        "Design Studio", "Printing", "Signs", "Solar", "Energy", "Capital", "Investments", "Foods", "Bakery",
        "Brewery", "Winery", "Catering", "Restaurants", "Hotels", "Travel", "Recruitment", "Staffing",
        "Software", "Systems", "Networks", "Analytics", "Machining", "Tooling", "Plastics", "Metals", "Steel",
        "Timber", "Furniture", "Textiles", "Fashion", "Cosmetics", "Laboratories", "Biotech", "Diagnostics",
        "Healthcare", "Home Care", "Nursing", "Pediatrics", "Academy", "Learning", "Foundation", "Trust",
        "Motors", "Car Wash", "Cleaning", "Facilities", "Security", "Storage", "Marine", "Aviation", "Farms",
        "Nurseries", "Florists", "Jewellers", "Opticians", "Photography", "Media", "Publishing", "Events",
        "Fitness", "Golf Club", "Bäckerei", "Immobilien", "Steuerberatung", "Maschinenbau", "Elektrotechnik",
        "Spedition", "Gebäudereinigung", "Versicherungsmakler", "Zahntechnik", "Nettoyage", "Transports",
        "Assurances", "Conseil", "Immobilier", "Expertise Comptable", "Architectes", "Construcciones",
        "Asesores", "Transportes", "Consulenze", "Costruzioni", "Trasporti", "Bygg", "Rørlegger", "Budownictwo",
        "Usługi Księgowe", "Stavební", "Építőipar", "Tandläkare", "Sähkö",
    ]

    /// Words that go before the distinctive name ("Autohaus Müller", "Société Dupont de Nettoyage").
    static let prefixIndustries: [String] = [
        "Autohaus", "Boulangerie", "Cabinet", "Atelier", "Hotel", "Clinique", "Pharmacie", "Studio", "Galerie",
        "Zahnarztpraxis", "Kanzlei", "Praxis", "Restaurant", "Café", "Taller", "Farmacia", "Ristorante",
        "Société Générale de Nettoyage", "Société de Transports", "Groupe", "Fundación", "Stichting",
    ]

    /// Non-distinctive words a person drops without changing which company is meant.
    static let droppableWords = [
        "Group", "Holdings", "Services", "Solutions", "Partners", "Enterprises", "Industries", "Worldwide",
        "Global",
    ]

    static let regionSuffixes = [
        " (UK)", " (US)", " (Ireland)", " (DE)", " (Australia)", " [Berlin]", " [HQ]", " - Finance", " - EMEA",
        " - Head Office", " (Main Office)", " - IT", " – London", " - North America", " [Paris]", " (NZ)",
        " - Accounts", " / Sales", " - APAC", " (Canada)",
    ]

    /// Departments that make two records of one customer ("Contoso - Finance", "Contoso - HR").
    static let departments = [
        "Finance", "HR", "IT", "Sales", "Operations", "Legal", "Marketing", "Warehouse", "Head Office", "Retail",
    ]

    static let industryPairs = [
        ("Heating", "Plumbing"), ("Tax", "Accounting"), ("Health", "Safety"), ("Sales", "Lettings"),
        ("Doors", "Windows"), ("Fire", "Security"), ("Heating", "Cooling"), ("Food", "Beverage"),
        ("Print", "Design"), ("Kitchens", "Bathrooms"), ("Audit", "Tax"), ("Sand", "Gravel"), ("Tile", "Stone"),
        ("Lock", "Key"), ("Sound", "Vision"),
    ]

    static let onsets = [
        "b", "br", "c", "cl", "cr", "d", "dr", "f", "fl", "fr", "g", "gr", "h", "j", "k", "kr", "l", "m", "n",
        "p", "pr", "qu", "r", "s", "sc", "st", "t", "tr", "v", "vr", "w", "z",
    ]
    static let vowels = ["a", "e", "i", "o", "u", "a", "e", "o", "ia", "io", "ea", "y"]
    static let middles = [
        "b", "c", "d", "f", "g", "k", "l", "ll", "m", "n", "nn", "p", "r", "rr", "s", "ss", "t", "v", "x", "z",
        "nd", "nt", "rk", "lm", "rv", "st", "lt", "rn",
    ]
    static let endings = [
        "a", "ia", "on", "ex", "ix", "ora", "um", "is", "us", "ar", "en", "el", "eon", "ara", "ium", "os", "o",
        "ic", "yn", "ento", "ico", "ant", "ent", "ly", "ify", "io", "ane", "ell",
    ]

    /// Builds an invented brand such as "Velmora" or "Krandex": pronounceable, not a real word.
    static func inventedToken(_ random: inout SplitMix64) -> String {
        var word = random.pick(onsets) + random.pick(vowels) + random.pick(middles)
        if random.chance(0.55) { word += random.pick(vowels) + random.pick(middles) }
        word += random.pick(endings)
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    // Japanese, Chinese and Korean names are built from these parts; each full name is used once.
    static let japaneseSurnames = [
        "山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山本", "松本", "井上",
        "木村", "林", "清水", "山口", "森", "池田", "橋本", "石川", "前田", "藤田", "岡田", "後藤", "長谷川", "村上",
    ]
    static let japaneseBusinesses = [
        "製作所", "商事", "建設", "電機", "工業", "物産", "運輸", "不動産", "薬品", "食品", "印刷", "設計事務所", "歯科医院",
        "会計事務所", "法律事務所",
    ]
    static let chineseCities = [
        "北京", "上海", "深圳", "广州", "杭州", "成都", "南京", "武汉", "西安", "苏州", "天津", "重庆", "台北", "香港",
    ]
    static let chineseBrands = [
        "华信", "天成", "宏达", "永安", "恒通", "鑫源", "瑞丰", "金盛", "东方", "长城", "新世纪", "德信", "博远", "中联",
    ]
    static let chineseIndustries = ["科技", "贸易", "物流", "建筑", "医药", "电子", "咨询", "投资"]
    static let koreanNames = ["한빛", "미래", "대한", "동양", "서울", "새한", "우리", "제일", "태양", "푸른", "세종", "한결"]
    static let koreanBusinesses = ["건설", "물산", "전자", "무역", "식품", "약품", "기술", "산업"]

    static let arabicNames = [
        "النور", "الأمل", "الفجر", "السلام", "الرياض", "الخليج", "الشرق", "النخيل", "الوفاء", "البركة", "الهدى",
        "المستقبل", "الريادة", "الإتحاد", "القمة", "الصفوة",
    ]
    static let arabicBusinesses = [
        "للتجارة", "للمقاولات", "للخدمات", "للاستشارات", "للتقنية", "للنقل", "للأدوية", "للتأمين", "للعقارات",
    ]
    static let hebrewNames = [
        "כרמל", "גליל", "שקד", "אורן", "ארזים", "נגב", "תבור", "הדר", "רימון", "אלון", "ברוש", "יובל",
        "כהן", "לוי", "מזרחי", "פרץ", "ביטון", "דהן", "אברהם", "פרידמן", "שפירא", "גולן", "אזולאי", "רוזן",
    ]
    static let hebrewBusinesses = [
        "בע״מ", "תעשיות בע״מ", "שירותים", "הנדסה", "ייעוץ", "לוגיסטיקה", "מערכות", "השקעות",
    ]
}
