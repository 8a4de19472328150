"""Word lists used by the name detectors (folded: lower case, no diacritics).

``FIRST_NAMES`` are common given names in Romania, Poland and English-speaking countries; a
capitalized word from this list followed by another capitalized word is taken for a person's
name. ``NOT_NAMES`` are capitalized words that often follow a greeting or a title without being
a name (roles, groups, places, courtesy words). ``PLACE_WORDS`` are words after which a name is
the name of a street, a school or a park (a location, not a person).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FIRST_NAMES = _words("""
adela adelina adi adina adrian adriana alexandra alexandru alin alina ana anamaria anca andra
andrei andreea angela anton antonia aurel aurelia aurelian beatrice bianca bogdan camelia carmen
catalin catalina cezar ciprian claudia claudiu codrin constantin corina cornel cornelia cosmin
costel cristi cristian cristina dan dana daniel daniela darius delia denisa diana dorin dorina
doru dragos dumitru elena eliza emil emilia eugen eugenia florin florina gabriel gabriela george
georgeta gheorghe gigel horia ilie ileana ioan ioana ion ionel ionela ionut irina iulia iulian
iuliana lavinia laura lucian luciana luminita madalina marcel marian mariana marin marius
mihaela mihai mircea mirela mona monica natalia nicoleta nicolae nicu octavian oana ovidiu
paula petru petronela radu raluca razvan roxana sabina sebastian sergiu silvia simona sorin
sorina stefan stefania teodor teodora tudor valentin valentina vasile victor viorel viorica
vlad adam agata agnieszka aleksander aleksandra alicja anna antoni arkadiusz artur barbara
bartek bartosz beata bogdana bozena cezary czeslaw damian danuta dariusz dawid dominik dominika
dorota edyta elzbieta ewa ewelina filip franciszek grazyna grzegorz halina hanna helena henryk
hubert iwona izabela jacek jadwiga jakub jan janina janusz jaroslaw jerzy joanna jolanta jozef
julia julian justyna kacper kamil kamila karol karolina kasia katarzyna kazimierz kinga krystyna
krzysztof leszek lucyna lukasz maciej magda magdalena malgorzata marcin marek maria mariusz
marta marzena mateusz michal mieczyslaw milena miroslaw monika natalia norbert oliwia patryk
patrycja pawel piotr przemyslaw rafal renata robert roman ryszard sebastian slawomir stanislaw
stanislawa sylwia szymon tadeusz teresa tomasz urszula wanda weronika wiktor wiktoria witold
wladyslaw wojciech zbigniew zdzislaw zofia zuzanna zygmunt
aaron abigail alan albert alice alison amanda amy andrew angela anthony arthur ben benjamin
bernard beth brian bruce carl carol caroline catherine charles charlotte chris christine
christopher claire daniel david deborah dennis donald dorothy douglas edward eleanor elizabeth
emily emma eric frank gary george grace hannah harry helen henry ian jack jacob james jane janet
jason jennifer jessica joan john jonathan joseph joshua judith julie karen kate katherine kevin
laura lauren linda lisa louise lucy margaret mark martin mary matthew megan michael michelle
nancy neil nicholas oliver olivia patricia patrick paul peter philip rachel rebecca richard
robert ruth ryan samantha samuel sandra sarah simon sophie stephen steven susan thomas timothy
tom victoria william dominic fiona gareth hugh liam niamh owen rhys sean siobhan
""")

NOT_NAMES = _words("""
primar primarul primarului primare primarie primaria primariei prezydent prezydenta prezydencie
prezydentem burmistrz burmistrza wojt radny radna radni mayor councillor councilor consilier
consilierul consilierii consiliul consiliului director directorul directoare dyrektor dyrektora
presedinte presedintele przewodniczacy przewodniczaca chair chairman secretary secretar
asociatia asociatiei association asociatie comitetul comitet committee locatarii locatari
locuitorii locuitori vecinii vecini stowarzyszenie stowarzyszenia fundacja fundacji rada rady
mieszkancy mieszkancow sasiedzi zarzad zarzadu wspolnoty board management
administratia administratiei administrator administratorul conducerea redakcja biuro office
wspolnota spoldzielnia team echipa zespol group grupul grupa
the residents neighbours neighbors friends members parents parintii rodzice club clubul klub
cetatean cetateanul cetatenii mieszkaniec mieszkanka resident locatar contribuabil petent
petentul domnule doamna doamnei domnul domnului doamnelor domnilor pan pani panie panstwo
sir madam dear stimate stimata szanowny szanowna szanowni drogi droga
stima respect consideratie multumesc multumim va regards wishes thanks thank poważaniem
pozdrawiam pozdrowienia serdecznie szacunku
pentru pe la cu si in din de al ale sau dar un niste and or of for in on at to with from by
luni marti miercuri joi vineri sambata duminica poniedzialek wtorek sroda czwartek piatek sobota
niedziela monday tuesday wednesday thursday friday saturday sunday
ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie
styczen luty marzec kwiecien czerwiec lipiec sierpien wrzesien pazdziernik listopad grudzien
january february march april may june july september october november december
timisoara timis bucuresti cluj iasi arad czestochowa olsztyn warszawa krakow poznan wroclaw
gdansk lodz romania polska poland london city council hall municipality municipiul municipiului
urzad urzedu miasta miasto gmina gminy judetul judetului hcl uchwala uchwaly legea lege art
articolul articolului anexa anexei proiectul proiect projekt the this that these those
nume prenume imie nazwisko name surname anonim anonimizat anonymous
naczelnik naczelnika naczelniczka wydzial wydzialu kierownik kierownika referat referatu
departament departamentu serviciul serviciului directia directiei biroul biroului
student studenta studentka pensionar pensionara emeryt emerytka profesor profesoara nauczyciel
nauczycielka teacher medic lekarz doctor inginer inzynier engineer arhitect architekt architect
""")

PLACE_WORDS = _words("""
str strada strazii bd bdul b-dul bulevardul bulevardului calea caii aleea aleii piata pietei
p-ta sos soseaua splaiul intrarea cartierul cartierului parcul parcului liceul liceului colegiul
colegiului scoala scolii gradinita gradinitei spitalul spitalului universitatea universitatii
podul podului stadionul stadionului teatrul teatrului muzeul muzeului biblioteca bibliotecii
ul ulica ulicy ulice al aleja alei aleje pl plac placu os osiedle osiedla osiedlu park parku
szkola szkoly szkole liceum im imienia most mostu rondo ronda skwer skweru szpital szpitala
street road avenue lane square park school bridge hospital library st
uniwersytet uniwersytetu uniwersytecie politechnika politechniki akademia akademii instytut
instytutu university college academy institute
generala gen general generalului marszalka kardynala ks ksiedza sw swietego swietej sf sfantul
sfanta sfintii casa casei palatul palatului vila vilei hotel hotelul restaurantul cafeneaua
biserica bisericii catedrala catedralei manastirea manastirii pensiunea cinematograful
""")

# Words that close a street or place name in English ("12 Baker Street", "Mary Street").
EN_STREET_TYPES = _words("""
street st road rd avenue ave lane ln drive close court crescent square boulevard way place
terrace gardens grove hill row mews park school bridge hospital library college centre center
university academy institute station stadium house hall building tower pub inn arms museum
gallery theatre theater clinic surgery church chapel cathedral
""")

# Capitalized ordinary words that the name data also lists as names (Facebook-era name lists are
# noisy): they are never taken for a name by themselves.
COMMON_WORDS = _words("""
park street road green king queen bold word option varianta anexa plan city town hall church
hill wood field ford bridge station dear best kind thanks regards hello
comment comments organisation organization none resident treść tresc temat subiect mesaj
data date adresa adres address telefon phone uwagi uwaga propunere propunerea observatii
prince princess duke duchess saint un niste
as an so my me we he she it is if but yet all our your his her their its who why how what when
where there here then also please yes no not
dupa cum am are este sunt nu da ca ce cine cand unde daca iar tot noi voi ei ele eu tu el ea
cele cei bune bun buna toate toti mare mari nou noua multe mult ziua seara felicitari sincer
jak ale czy nie tak juz tez gdy kto co gdzie kiedy ja ty on ona my wy oni one prosze
""")
