package io.meridian.language;

import java.util.BitSet;

/**
 * Tells Simplified from Traditional Chinese by the characters used. Most characters are the same in both scripts;
 * about two thousand differ. This class knows 361 frequent pairs whose two forms each exist in only one script
 * (这/這, 个/個, 们/們, 订/訂, 单/單, 号/號, 货/貨, 谢/謝 ...), and counts them: more Simplified-only characters
 * means {@code zh-CN}, more Traditional-only ones {@code zh-TW}. Simplified forms that are also ordinary Traditional
 * characters (后, 里, 台, 干, 只, 面, 系, 准...) are left out, so a message written in one script is never counted
 * for the other. A message with none of the listed characters (e.g. 你好) is undecided. The pairs were checked
 * against OpenCC's s2t/t2s tables.
 */
final class ChineseScript {

    /** Which script a text shows. */
    enum Verdict { SIMPLIFIED, TRADITIONAL, UNDECIDED }

    // Pairs, position by position: the Simplified character and its Traditional form. Chosen for frequency in
    // customer-service chat (orders, delivery, accounts, payment, politeness) and general text.
    private static final String SIMPLIFIED =
            "这个们来时会说对国学发问题么还没过请谢单订号货钱买卖务帮为吗开关经给让东车长门间见现电话认识应该实际样点区"
            + "边员机网费运邮动态码户线无从产质换处错误难办觉业写绍约联络湾华语页软装载变头条总结统营优预顺额币银气热爱欢"
            + "亲听读试备杂众录账坏递价颜赔偿贵资购销锁链镜轮输转闭阅须设计议许评证询讯访记讲调谈谁论乐书亚亿仅伤传侧债"
            + "倾储儿兴养军农决况冻净凉减凤击创别删剧劳势医协卫厅压县参双启响图园围场块坚报夹夺奖妇妈孙宝审宽导将尔尝层"
            + "岁岛师带庆库废张弹归当彻径忆怀恋恶惊惯戏战执扩扫扬护担拥择损摆携数断旧显晓暂杀权极构标档桥梦检楼欧残毕汇"
            + "汉沟济浅测浏涨温满灯灵状独环画畅疗盖监盘确础礼离积称税稳穷签简类级纪纸组细终继续维综绿编罚职脑脚节获药虽"
            + "补规视览词课贝负责败赛赶踪轻较辑达进远连迟选铁键镇闻队阶陆险随隐项顾领频风飞饭馆马验鱼鸡黄齐龙";
    private static final String TRADITIONAL =
            "這個們來時會說對國學發問題麼還沒過請謝單訂號貨錢買賣務幫為嗎開關經給讓東車長門間見現電話認識應該實際樣點區"
            + "邊員機網費運郵動態碼戶線無從產質換處錯誤難辦覺業寫紹約聯絡灣華語頁軟裝載變頭條總結統營優預順額幣銀氣熱愛歡"
            + "親聽讀試備雜眾錄賬壞遞價顏賠償貴資購銷鎖鏈鏡輪輸轉閉閱須設計議許評證詢訊訪記講調談誰論樂書亞億僅傷傳側債"
            + "傾儲兒興養軍農決況凍淨涼減鳳擊創別刪劇勞勢醫協衛廳壓縣參雙啟響圖園圍場塊堅報夾奪獎婦媽孫寶審寬導將爾嘗層"
            + "歲島師帶慶庫廢張彈歸當徹徑憶懷戀惡驚慣戲戰執擴掃揚護擔擁擇損擺攜數斷舊顯曉暫殺權極構標檔橋夢檢樓歐殘畢匯"
            + "漢溝濟淺測瀏漲溫滿燈靈狀獨環畫暢療蓋監盤確礎禮離積稱稅穩窮簽簡類級紀紙組細終繼續維綜綠編罰職腦腳節獲藥雖"
            + "補規視覽詞課貝負責敗賽趕蹤輕較輯達進遠連遲選鐵鍵鎮聞隊階陸險隨隱項顧領頻風飛飯館馬驗魚雞黃齊龍";
    /** Further one-script characters without a partner above: variant forms (爲, 衆), and 裡/裏, whose Simplified 里 is a Traditional character too. */
    private static final String TRADITIONAL_ONLY_EXTRA = "裡裏麽帳爲衆啓籤";
    private static final String SIMPLIFIED_ONLY_EXTRA = "帐";

    private static final BitSet SIMPLIFIED_ONLY = new BitSet(0x10000);
    private static final BitSet TRADITIONAL_ONLY = new BitSet(0x10000);

    static {
        if (SIMPLIFIED.length() != TRADITIONAL.length()) {
            throw new IllegalStateException("ChineseScript tables differ in length");
        }
        SIMPLIFIED.chars().forEach(SIMPLIFIED_ONLY::set);
        TRADITIONAL.chars().forEach(TRADITIONAL_ONLY::set);
        TRADITIONAL_ONLY_EXTRA.chars().forEach(TRADITIONAL_ONLY::set);
        SIMPLIFIED_ONLY_EXTRA.chars().forEach(SIMPLIFIED_ONLY::set);
    }

    private ChineseScript() {
    }

    static Verdict of(CharSequence text) {
        int simplified = 0;
        int traditional = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (SIMPLIFIED_ONLY.get(c)) {
                simplified++;
            } else if (TRADITIONAL_ONLY.get(c)) {
                traditional++;
            }
        }
        if (simplified == traditional) {
            return Verdict.UNDECIDED;
        }
        return simplified > traditional ? Verdict.SIMPLIFIED : Verdict.TRADITIONAL;
    }

    /** The pairs, for tests: index i of one is the counterpart of index i of the other. */
    static String simplifiedTable() {
        return SIMPLIFIED;
    }

    static String traditionalTable() {
        return TRADITIONAL;
    }
}
